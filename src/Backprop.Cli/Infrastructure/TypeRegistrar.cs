using Spectre.Console.Cli;

namespace Backprop.Cli;

/// <summary>The smallest type registrar Spectre.Console.Cli needs: it hands the <see cref="Terminal"/> and the <see cref="Interruption"/> to the commands.</summary>
internal sealed class TypeRegistrar(Terminal terminal, Interruption interruption) : ITypeRegistrar, ITypeResolver
{
    private readonly Dictionary<Type, List<Func<object>>> _registrations = new()
    {
        [typeof(Terminal)] = [() => terminal],
        [typeof(Interruption)] = [() => interruption],
    };

    public ITypeResolver Build() => this;

    public void Register(Type service, Type implementation) => Add(service, () => Create(implementation));

    public void RegisterInstance(Type service, object implementation) => Add(service, () => implementation);

    public void RegisterLazy(Type service, Func<object> factory) => Add(service, factory);

    public object? Resolve(Type? type)
    {
        if (type is null) return null;
        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IEnumerable<>))
        {
            Type element = type.GetGenericArguments()[0];
            List<Func<object>> all = _registrations.GetValueOrDefault(element) ?? [];
            var items = Array.CreateInstance(element, all.Count);
            for (int i = 0; i < all.Count; i++) items.SetValue(all[i](), i);
            return items;
        }
        return _registrations.TryGetValue(type, out List<Func<object>>? factories) ? factories[^1]() : Create(type);
    }

    private void Add(Type service, Func<object> factory)
    {
        if (!_registrations.TryGetValue(service, out List<Func<object>>? factories)) _registrations[service] = factories = [];
        factories.Add(factory);
    }

    private object Create(Type type)
    {
        var constructor = type.GetConstructors().OrderByDescending(c => c.GetParameters().Length).First();
        return constructor.Invoke(constructor.GetParameters().Select(p => Resolve(p.ParameterType)).ToArray());
    }
}

using PublicApiGenerator;

namespace Backprop.Tests;

/// <summary>The libraries' public API is deliberate: it changes only when Backprop.approved.txt (Backprop.Notebook…,
/// Backprop.MLNet…) is changed with it.</summary>
public sealed class ApiTests
{
    [Fact]
    public void PublicApi_IsTheApprovedOne() =>
        Approval.Verify("Backprop", typeof(Network).Assembly.GeneratePublicApi(new ApiGeneratorOptions { IncludeAssemblyAttributes = false }));

    [Fact]
    public void NotebookPublicApi_IsTheApprovedOne() =>
        Approval.Verify("Backprop.Notebook", typeof(BackpropModule).Assembly.GeneratePublicApi(new ApiGeneratorOptions { IncludeAssemblyAttributes = false }));

    [Fact]
    public void MLNetPublicApi_IsTheApprovedOne() =>
        Approval.Verify("Backprop.MLNet", typeof(Backprop.MLNet.BackpropCatalog).Assembly.GeneratePublicApi(new ApiGeneratorOptions { IncludeAssemblyAttributes = false }));
}

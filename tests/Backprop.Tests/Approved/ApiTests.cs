using PublicApiGenerator;

namespace Backprop.Tests;

/// <summary>The library's public API is deliberate: it changes only when Backprop.approved.txt is changed with it.</summary>
public sealed class ApiTests
{
    [Fact]
    public void PublicApi_IsTheApprovedOne() =>
        Approval.Verify("Backprop", typeof(Network).Assembly.GeneratePublicApi(new ApiGeneratorOptions { IncludeAssemblyAttributes = false }));
}

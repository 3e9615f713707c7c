using Backprop.Benchmarks;
using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/Backprop.Benchmarks -- --filter '*'
// dotnet run -c Release --project bench/Backprop.Benchmarks -- layouts [ROUNDS]   (the tile layouts side by side)
if (args.Length > 0 && args[0] == "layouts") TileLayoutComparison.Run(args.Length > 1 ? int.Parse(args[1]) : 60);
else BenchmarkSwitcher.FromAssembly(typeof(TileLayoutComparison).Assembly).Run(args);

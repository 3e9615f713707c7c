using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/Backprop.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);

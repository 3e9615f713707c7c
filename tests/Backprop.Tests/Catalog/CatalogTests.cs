using System.Globalization;
using System.Text.Json;
using Backprop.Cli.Commands;
using Backprop.Cli.Playground;
using Backprop.Tests.Cli;

namespace Backprop.Tests;

/// <summary>
/// The catalog is the one place a setting is named, defaulted and bounded: every setting of every optimizer in it is
/// an option of train named as the catalog names it, checked against the catalog's range, passed to the run, sent by
/// the playground under the same name, and printed in the "same run on the command line" that train reads back.
/// </summary>
public sealed class CatalogTests : TempFolderTest
{
    [Theory]
    [InlineData("zero or more", "a finite number, 0 or more")]
    [InlineData("positive", "a positive number")]
    [InlineData("fraction", "from 0 up to (not including) 1")]
    [InlineData("counting", "1 or more")]
    [InlineData("switch", "on or off")]
    public void SettingRange_SaysItselfInWords(string range, string words) => Assert.Equal(words, Range(range).ToString());

    [Theory]
    [InlineData("zero or more", 0, true)]
    [InlineData("zero or more", -1e-300, false)]
    [InlineData("zero or more", double.PositiveInfinity, false)]
    [InlineData("zero or more", double.NaN, false)]
    [InlineData("positive", 0, false)]
    [InlineData("positive", 1e-300, true)]
    [InlineData("fraction", 0, true)]
    [InlineData("fraction", 0.9999999, true)]
    [InlineData("fraction", 1, false)]
    [InlineData("counting", 1, true)]
    [InlineData("counting", 2.5, false)]
    [InlineData("counting", 0, false)]
    [InlineData("switch", 1, true)]
    [InlineData("switch", 0.5, false)]
    public void SettingRange_HoldsWhatItSays(string range, double value, bool contained) => Assert.Equal(contained, Range(range).Contains(value));

    [Fact]
    public void SettingRange_WithBothEnds_SaysThem() =>
        Assert.Equal("above 0 to 10", new SettingRange(0, 10, IncludesLowest: false).ToString());

    [Fact]
    public void EveryOptimizer_InTheCatalog_IsAtItsSettingsDefaults_AndChangesOneSettingAtATime()
    {
        foreach (Optimizer optimizer in Catalog.Optimizers)
        {
            Assert.Same(optimizer, Catalog.OptimizerFromName(optimizer.Name));
            foreach (Setting setting in optimizer.Settings)
            {
                Assert.Equal(setting.Default, optimizer.ValueOf(setting));   // the record's default is the catalog's
                Assert.True(setting.Range.Contains(setting.Default), $"{optimizer} {setting.Name}: default out of range");
                double other = InRangeOtherThanDefault(setting);
                Optimizer changed = optimizer.With(setting, other);
                Assert.Equal(other, changed.ValueOf(setting));
                Assert.NotEqual(optimizer, changed);
                foreach (Setting unchanged in optimizer.Settings.Where(s => s != setting))
                    Assert.Equal(optimizer.ValueOf(unchanged), changed.ValueOf(unchanged));
            }
            foreach (Setting foreign in Catalog.Optimizers.Where(o => o.Name != optimizer.Name).SelectMany(o => o.Settings))
                Assert.Throws<ArgumentException>(() => optimizer.ValueOf(foreign));
        }
    }

    [Fact]
    public void EveryOptimizerSetting_IsAnOptionOfTrain_NamedAsTheCatalogNamesIt()
    {
        string help = CliRunner.InProcess("train", "--help").Out;
        foreach (Setting setting in Catalog.Optimizers.SelectMany(o => o.Settings).Append(Catalog.LearningRate).Append(Catalog.WeightDecay))
        {
            Assert.Contains($"--{setting.Name}", help);
            Assert.NotNull(TrainSettings.OptionOf(setting));
        }
    }

    [Fact]
    public void EveryOptimizerSetting_GivenToTrain_ReachesTheRun()
    {
        foreach (Optimizer optimizer in Catalog.Optimizers)
        {
            var args = new List<string> { "train", "--points", "5", "--iterations", "0", "--no-figure", "--model-out", PathOf("m.json"), "--optimizer", optimizer.Name };
            Optimizer expected = optimizer;
            foreach (Setting setting in optimizer.Settings)
            {
                double value = InRangeOtherThanDefault(setting);
                expected = expected.With(setting, value);
                args.AddRange(setting.IsSwitch ? [$"--{setting.Name}"] : [$"--{setting.Name}", Number(value)]);
            }

            CliRunner.Run run = CliRunner.InProcess([.. args]);

            Assert.True(run.ExitCode == 0, run.Error);
            string opening = run.OutLines[0];   // training … : 1 iterations, adam, learning rate 0.001, beta1 0.5, …
            foreach (Setting setting in optimizer.Settings)
                Assert.Contains(setting.IsSwitch ? $", {setting.Name}" : $", {setting.Name} {Number(expected.ValueOf(setting))}", opening);
            Assert.Contains($"learning rate {Number(optimizer.DefaultLearningRate)}", opening);
        }
    }

    [Fact]
    public void EveryOptimizerSetting_OutOfRange_IsRefusedByTrain_WithTheCatalogsRange()
    {
        foreach (Optimizer optimizer in Catalog.Optimizers)
            foreach (Setting setting in optimizer.Settings.Where(s => !s.IsSwitch))
            {
                double outside = setting.Range.IncludesLowest ? setting.Range.Lowest - 1 : setting.Range.Lowest;
                CliRunner.Run run = CliRunner.InProcess("train", "--points", "5", "--iterations", "0", "--no-figure", "--model-out", PathOf("m.json"),
                    "--optimizer", optimizer.Name, $"--{setting.Name}", Number(outside));
                Assert.Equal(2, run.ExitCode);
                Assert.Equal($"backprop: --{setting.Name} must be {setting.Range}, not {Number(outside)}", run.Error.Trim());
            }
    }

    [Fact]
    public void AnotherOptimizersSetting_IsRefusedByTrain_NamingItsOptimizer()
    {
        foreach (Optimizer optimizer in Catalog.Optimizers)
            foreach (Optimizer other in Catalog.Optimizers.Where(o => o.Name != optimizer.Name))
                foreach (Setting setting in other.Settings)
                {
                    string[] given = setting.IsSwitch ? [$"--{setting.Name}"] : [$"--{setting.Name}", Number(setting.Default)];
                    CliRunner.Run run = CliRunner.InProcess(["train", "--points", "5", "--no-figure", "--optimizer", optimizer.Name, .. given]);
                    Assert.Equal(2, run.ExitCode);
                    Assert.Equal($"backprop: --{setting.Name} applies to --optimizer {other.Name} only, not {optimizer.Name}", run.Error.Trim());
                }
    }

    [Fact]
    public void EveryOptimizerSetting_SentByThePlayground_ReachesTheRun_AndItsCommandLine()
    {
        foreach (Optimizer optimizer in Catalog.Optimizers)
        {
            // The page sends each setting under its catalog name, a switch as true or false.
            var sent = new Dictionary<string, object> { ["optimizer"] = optimizer.Name };
            Optimizer expected = optimizer;
            foreach (Setting setting in optimizer.Settings)
            {
                double value = InRangeOtherThanDefault(setting);
                expected = expected.With(setting, value);
                sent[setting.Name] = setting.IsSwitch ? value != 0 : value;
            }
            SessionSettings settings = JsonSerializer.Deserialize<SessionSettings>(JsonSerializer.Serialize(sent), new JsonSerializerOptions(JsonSerializerDefaults.Web))!;

            Assert.Null(settings.Problem());
            TrainingOptions options = settings.TrainingOptions();
            Assert.Equal(expected, options.Optimizer);
            Assert.Equal(optimizer.DefaultLearningRate, options.LearningRate);

            // The same run on the command line, read back by train, gives the same optimizer.
            string[] words = settings.CommandLine(0).Split(' ');
            CliRunner.Run run = CliRunner.InProcess([.. words.Skip(1), "--points", "5", "--no-figure", "--model-out", PathOf("m.json")]);
            Assert.True(run.ExitCode == 0, run.Error);
            foreach (Setting setting in optimizer.Settings)
                Assert.Contains(setting.IsSwitch ? $", {setting.Name}" : $", {setting.Name} {Number(expected.ValueOf(setting))}", run.OutLines[0]);
        }
    }

    [Fact]
    public void EveryInitialization_AndLoss_IsAChoiceOfTrain()
    {
        foreach (InitializationChoice choice in Catalog.Initializations)
        {
            CliRunner.Run run = CliRunner.InProcess("train", "--points", "5", "--iterations", "0", "--no-figure", "--model-out", PathOf("m.json"), "--init", choice.Name);
            Assert.True(run.ExitCode == 0, run.Error);
        }
        CliRunner.Run wrong = CliRunner.InProcess("train", "--points", "5", "--no-figure", "--init", "xavier");
        Assert.Equal($"backprop: --init must be {string.Join(", ", Catalog.Initializations.Select(i => i.Name).SkipLast(1))} or {Catalog.Initializations[^1].Name}, not \"xavier\"",
            wrong.Error.Trim());
        string help = CliRunner.InProcess("train", "--help").Out;
        foreach (Loss loss in Catalog.Losses) Assert.Contains(loss.Name, help);
    }

    private static SettingRange Range(string name) => name switch
    {
        "zero or more" => SettingRange.ZeroOrMore,
        "positive" => SettingRange.Positive,
        "fraction" => SettingRange.Fraction,
        "counting" => SettingRange.Counting,
        _ => SettingRange.Switch,
    };

    // A value in the setting's range that is not its default: on for an off switch, halfway for a fraction, else the default ± a quarter.
    private static double InRangeOtherThanDefault(Setting setting)
    {
        if (setting.IsSwitch) return setting.Default == 0 ? 1 : 0;
        double candidate = setting.Range == SettingRange.Fraction ? (setting.Default == 0.5 ? 0.25 : 0.5) : setting.Default * 1.25 + 0.25;
        Assert.True(setting.Range.Contains(candidate) && candidate != setting.Default, $"{setting.Name}: no other value found");
        return candidate;
    }

    private static string Number(double x) => PlainNumber.Format(x);
}

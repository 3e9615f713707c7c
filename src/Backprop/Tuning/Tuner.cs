using System.Diagnostics;

namespace Backprop;

/// <summary>
/// Searches for a good <see cref="Recipe"/> on a user's data: random search with successive halving, each trial scored
/// by k-fold cross-validation (stratified for classes) or on one held-out split.
/// </summary>
/// <remarks>
/// Trials are drawn from <see cref="TuningOptions.Space"/> in order from the seed's generator. Successive halving
/// (scikit-learn's <c>HalvingRandomSearchCV</c>, with epochs as the resource): every trial first trains for a few
/// epochs; the best third (<see cref="TuningOptions.Reduction"/>) train three times longer, and so on until the last
/// rung trains for the full epochs (<see cref="TuningOptions.MaxEpochs"/>). Each rung's trials, fold by fold, run in
/// parallel on <see cref="TuningOptions.Threads"/> threads (their own, not the thread pool's), each training on one thread from the same seed, so the
/// leaderboard does not depend on the number of threads. A trial that diverges is scored NaN and goes no further. With
/// a <see cref="TuningOptions.Budget"/>, rounds of <see cref="TuningOptions.Trials"/> new trials follow each other until
/// the time is up (then what the search finishes depends on the machine's speed). The leaderboard ranks trials by the
/// rung they reached, then their mean score: accuracy for classes, R² for numbers.
/// </remarks>
public static class Tuner
{
    /// <summary>Search for the best recipe on <paramref name="data"/>.</summary>
    /// <param name="data">Inputs and targets: one-hot rows for <paramref name="classes"/>, or numbers.</param>
    /// <param name="classes">The class labels, or null for numbers to predict.</param>
    /// <param name="options">Trials, folds, seed, threads, budget, space.</param>
    /// <param name="onProgress">Called after every training of a trial on a fold, from the thread that ran it.</param>
    /// <param name="cancellationToken">Stops the search at the next training's step; what was found is kept.</param>
    /// <exception cref="ArgumentException">The options are out of range, or the data too small for the folds.</exception>
    public static TuningResult Search(DataSet data, IReadOnlyList<string>? classes, TuningOptions options,
        Action<TuningProgress>? onProgress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var clock = Stopwatch.StartNew();
        bool stratify = classes is not null;
        IReadOnlyList<(DataSet Training, DataSet HeldOut)> folds = options.ValidationFraction is { } fraction
            ? [data.Split(fraction, new NumpyRandom(options.Seed), stratify)]
            : data.Folds(options.Folds, new NumpyRandom(options.Seed), stratify);
        int maxEpochs = options.MaxEpochs ?? DataDefaults.Epochs(folds[0].Training.Count, [data.InputSize, .. DataDefaults.HiddenLayers, data.OutputSize]);
        int[] rungEpochs = RungEpochs(options.Trials, options.Reduction, maxEpochs);

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (options.Budget is { } budget) stop.CancelAfter(budget);
        // The clock is read too, so the budget holds however late a timer's callback comes.
        bool Stopping()
        {
            if (options.Budget is { } limit && clock.Elapsed >= limit && !stop.IsCancellationRequested) stop.Cancel();
            return stop.IsCancellationRequested;
        }
        var sampler = new NumpyRandom(options.Seed);
        var results = new List<TrialResult>();
        int done = 0, drawn = 0;
        do
        {
            // One round: Trials new recipes, halved rung by rung.
            List<(int Number, Recipe Recipe)> alive = [.. Enumerable.Range(drawn + 1, options.Trials).Select(n => (n, options.Space.Sample(sampler) with { Precision = options.Precision }))];
            drawn += options.Trials;
            var round = alive.ToDictionary(t => t.Number, t => (TrialResult?)null);
            for (int rung = 0; rung < rungEpochs.Length && alive.Count > 0 && !stop.IsCancellationRequested; rung++)
            {
                int epochs = rungEpochs[rung];
                var jobs = alive.SelectMany(t => folds.Select((fold, f) => (Trial: t, Fold: f))).ToArray();
                var scores = new double[jobs.Length];
                var seconds = new double[jobs.Length];
                var outcomes = new TrainingOutcome[jobs.Length];
                OnThreads(jobs.Length, options.Threads, j =>
                {
                    if (Stopping()) { outcomes[j] = TrainingOutcome.Cancelled; return; }
                    var timer = Stopwatch.StartNew();
                    (DataSet training, DataSet heldOut) = folds[jobs[j].Fold];
                    (Network network, TrainingResult result) = (jobs[j].Trial.Recipe with { Epochs = epochs }).Train(training, classes, options.Seed, stop.Token);
                    outcomes[j] = result.Outcome;
                    scores[j] = result.Outcome is TrainingOutcome.Diverged or TrainingOutcome.Cancelled ? double.NaN : Score(network, heldOut);
                    seconds[j] = timer.Elapsed.TotalSeconds;
                    Stopping();
                    onProgress?.Invoke(new TuningProgress(drawn, rung + 1, rungEpochs.Length, alive.Count, epochs, Interlocked.Increment(ref done)));
                });
                // A trial whose folds all ran gets this rung's row; one cut short by the budget or Ctrl-C keeps its last.
                for (int t = 0; t < alive.Count; t++)
                {
                    int first = t * folds.Count;
                    TrainingOutcome[] own = outcomes[first..(first + folds.Count)];
                    if (own.Contains(TrainingOutcome.Cancelled)) continue;
                    double[] foldScores = scores[first..(first + folds.Count)];
                    string outcome = own.Contains(TrainingOutcome.Diverged) ? "diverged" : own.Contains(TrainingOutcome.Stalled) ? "stalled" : "completed";
                    round[alive[t].Number] = new TrialResult(alive[t].Number, alive[t].Recipe with { Epochs = epochs }, rung + 1, foldScores,
                        foldScores.Average(), StandardDeviation(foldScores), seconds[first..(first + folds.Count)].Sum() + (round[alive[t].Number]?.Seconds ?? 0), outcome);
                }
                if (stop.IsCancellationRequested) break;
                // The best third, by this rung's mean score (a diverged trial's NaN last; ties by number), train on.
                int keep = (alive.Count + options.Reduction - 1) / options.Reduction;
                alive = rung + 1 == rungEpochs.Length ? [] : [.. alive.Where(t => round[t.Number] is { Outcome: not "diverged" })
                    .OrderByDescending(t => round[t.Number]!.Mean).ThenBy(t => t.Number).Take(keep)];
            }
            results.AddRange(round.Values.OfType<TrialResult>());
        } while (options.Budget is not null && options.RoundsWithBudget && !Stopping());

        TrialResult[] leaderboard = [.. results.OrderByDescending(r => r.Rung).ThenByDescending(r => double.IsNaN(r.Mean) ? double.NegativeInfinity : r.Mean).ThenBy(r => r.Trial)];
        return new TuningResult(leaderboard, classes is null ? "r2" : "accuracy", stop.IsCancellationRequested,
            cancellationToken.IsCancellationRequested, clock.Elapsed.TotalSeconds);
    }

    // Run jobs 0 … count − 1 on this thread and threads − 1 threads of their own, each taking the next job as it finishes
    // one. Not the thread pool: a search keeps its threads busy for minutes, and a pool held that long runs its timers
    // and I/O callbacks late (in a test host, a budget's timer did not fire for 27 s). The first failure is rethrown.
    private static void OnThreads(int count, int threads, Action<int> job)
    {
        int next = -1;
        Exception? failure = null;
        void Work()
        {
            for (int j; (j = Interlocked.Increment(ref next)) < count;)
            {
                try { job(j); }
                catch (Exception e) { Interlocked.CompareExchange(ref failure, e, null); }
            }
        }
        Thread[] workers = [.. Enumerable.Range(0, Math.Max(0, Math.Min(threads, count) - 1)).Select(_ => new Thread(Work) { IsBackground = true, Name = "backprop tune" })];
        foreach (Thread worker in workers) worker.Start();
        Work();
        foreach (Thread worker in workers) worker.Join();
        if (failure is not null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
    }

    /// <summary>
    /// The epochs of each rung for a round of <paramref name="trials"/> trials: as many rungs as halving by
    /// <paramref name="reduction"/> leaves trials (27 trials by 3: 27, 9, 3, 1), the last at <paramref name="maxEpochs"/>,
    /// each earlier one <paramref name="reduction"/> times shorter (at least one epoch).
    /// </summary>
    public static int[] RungEpochs(int trials, int reduction, int maxEpochs)
    {
        int rungs = 1;
        for (long n = trials; n > 1 && rungs < 8; n = (n + reduction - 1) / reduction) rungs++;
        if (trials == 1) rungs = 1;
        var epochs = new int[rungs];
        for (int r = 0; r < rungs; r++) epochs[r] = Math.Max(1, (int)Math.Round(maxEpochs / Math.Pow(reduction, rungs - 1 - r), MidpointRounding.AwayFromZero));
        return epochs;
    }

    // Accuracy for a classifier, R² otherwise (on the targets' own scale), on data the network did not train on.
    private static double Score(Network network, DataSet heldOut)
    {
        Evaluation evaluation = Evaluation.Of(network, heldOut);
        return evaluation.Accuracy ?? evaluation.RSquared ?? double.NaN;
    }

    private static double StandardDeviation(double[] values)
    {
        double mean = values.Average();
        return Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / values.Length);
    }
}

/// <summary>How <see cref="Tuner.Search"/> searches.</summary>
public sealed record TuningOptions
{
    /// <summary>Trials in a round (the first rung); 27 by default (rungs of 27, 9, 3 and 1 trials).</summary>
    public int Trials { get; init; } = 27;

    /// <summary>Folds of the cross-validation (3 by default); ignored with <see cref="ValidationFraction"/>.</summary>
    public int Folds { get; init; } = 3;

    /// <summary>Score on one held-out split of this fraction instead of k folds; null for folds.</summary>
    public double? ValidationFraction { get; init; }

    /// <summary>Seeds the trials' draws, the folds and every training.</summary>
    public uint Seed { get; init; } = 1;

    /// <summary>Trainings that run at once, each on one thread; the results are the same for any number.</summary>
    public int Threads { get; init; } = 1;

    /// <summary>The element type every trial's network computes in (float64 by default).</summary>
    public Precision Precision { get; init; }

    /// <summary>Stop after this long, keeping what was found; null to run the trials to the end.</summary>
    public TimeSpan? Budget { get; init; }

    /// <summary>With a budget, start a new round of trials after each until the time is up (true), or stop after one.</summary>
    public bool RoundsWithBudget { get; init; } = true;

    /// <summary>The factor by which each rung keeps fewer trials and trains them longer (3, as scikit-learn's halving searches).</summary>
    public int Reduction { get; init; } = 3;

    /// <summary>The epochs of the last rung; null for the data defaults' (<see cref="DataDefaults.Epochs"/>).</summary>
    public int? MaxEpochs { get; init; }

    /// <summary>What the trials are drawn from.</summary>
    public SearchSpace Space { get; init; } = SearchSpace.Default;

    /// <summary>Check every option and name the first out of range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Trials, 1, nameof(Trials));
        if (ValidationFraction is null) ArgumentOutOfRangeException.ThrowIfLessThan(Folds, 2, nameof(Folds));
        if (ValidationFraction is { } f && !(f > 0 && f < 1)) throw new ArgumentOutOfRangeException(nameof(ValidationFraction), f, "the fraction must be between 0 and 1");
        ArgumentOutOfRangeException.ThrowIfLessThan(Threads, 1, nameof(Threads));
        ArgumentOutOfRangeException.ThrowIfLessThan(Reduction, 2, nameof(Reduction));
        if (MaxEpochs is < 1) throw new ArgumentOutOfRangeException(nameof(MaxEpochs), MaxEpochs, "at least one epoch");
        if (Budget is { } b && b <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(Budget), b, "the budget must be positive");
        ArgumentNullException.ThrowIfNull(Space, nameof(Space));
    }
}

/// <summary>One trial on the leaderboard, at the last rung it finished.</summary>
/// <param name="Trial">Its number, in the order drawn (1, 2, …).</param>
/// <param name="Recipe">Its settings, with the epochs of that rung.</param>
/// <param name="Rung">The rung (1 for the shortest trainings).</param>
/// <param name="FoldScores">The score on each fold's held-out rows (NaN where the training diverged).</param>
/// <param name="Mean">The mean of the fold scores.</param>
/// <param name="StandardDeviation">Their population standard deviation.</param>
/// <param name="Seconds">The time its trainings took, every rung.</param>
/// <param name="Outcome"><c>completed</c>, <c>stalled</c> (some fold learned nothing) or <c>diverged</c>.</param>
public sealed record TrialResult(int Trial, Recipe Recipe, int Rung, IReadOnlyList<double> FoldScores, double Mean, double StandardDeviation,
    double Seconds, string Outcome);

/// <summary>What <see cref="Tuner.Search"/> found.</summary>
/// <param name="Leaderboard">Every trial, best first.</param>
/// <param name="Metric"><c>accuracy</c> or <c>r2</c>.</param>
/// <param name="Stopped">The budget or a cancellation ended the search before its trials did.</param>
/// <param name="Cancelled">A cancellation (Ctrl-C) ended it.</param>
/// <param name="Seconds">The search's time.</param>
public sealed record TuningResult(IReadOnlyList<TrialResult> Leaderboard, string Metric, bool Stopped, bool Cancelled, double Seconds)
{
    /// <summary>The best trial, or null when none finished a rung.</summary>
    public TrialResult? Best => Leaderboard.Count > 0 && !double.IsNaN(Leaderboard[0].Mean) ? Leaderboard[0] : null;
}

/// <summary>A search's progress after one training.</summary>
/// <param name="Trials">Trials drawn so far.</param>
/// <param name="Rung">The rung running (1 …).</param>
/// <param name="Rungs">Rungs in a round.</param>
/// <param name="TrialsInRung">Trials training at this rung.</param>
/// <param name="Epochs">The epochs of this rung's trainings.</param>
/// <param name="Trainings">Trainings finished so far (a trial on a fold at a rung is one).</param>
public readonly record struct TuningProgress(int Trials, int Rung, int Rungs, int TrialsInRung, int Epochs, int Trainings);

using GapLab.IO;
using System.Diagnostics;
using GapLab.Data;
using GapLab.Runtime;
using GapLab.Runtime.SelfCheck;
using TorchSharp;
using static TorchSharp.torch;

namespace GapLab.Training;

/// <summary>
/// Mini-batch training of a classifier (logits out) with cross-entropy, per-epoch honest train/test evaluation,
/// optional validation split with early stopping, and the Fantastic optimization measures (CE milestones, final
/// gradient noise). Deterministic on CPU for a given <see cref="TrainOptions.Seed"/>.
/// </summary>
public static class Trainer
{
    /// <summary>
    /// Trains <paramref name="model"/> in place on <paramref name="train"/> and evaluates it on <paramref name="test"/>.
    /// Seeds torch with <see cref="TrainOptions.Seed"/> first (build the model after seeding yourself for a fully
    /// reproducible run). Data go to the device once; batches are gathered by index_select on a seeded permutation.
    /// Cancellation is honoured before every batch; a NaN/Inf loss ends the run as <see cref="TrainStatus.Diverged"/>.
    /// Neither throws: finished epochs are kept. The model is left in eval mode on the training device.
    /// </summary>
    public static TrainResult Train(
        nn.Module<Tensor, Tensor> model,
        Dataset train,
        Dataset test,
        TrainOptions options,
        IProgress<TrainProgress>? progress = null,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(test);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        CheckData(train, test, options);

        KernelSelfCheck.EnsureChecked(); // loads libtorch, then verifies its CPU kernels once per process and thread count
        var device = TorchEnvironment.ResolveDevice(options.Device);
        TorchEnvironment.Seed(options.Seed);
        var wall = Stopwatch.StartNew();

        model.to(device);
        var initialState = Snapshot(model);

        using var runScope = NewDisposeScope();
        using var dataGenerator = new Generator((ulong)options.Seed, CPU);
        using var augmentGenerator = new Generator(unchecked((ulong)options.Seed + 1), CPU);

        var (allX, allY) = train.ToTensors(device);
        Tensor trainX = allX, trainY = allY;
        Tensor? valX = null, valY = null;
        if (options.ValidationFraction > 0)
        {
            int nVal = Math.Clamp((int)Math.Round(train.Count * options.ValidationFraction), 1, train.Count - 1);
            var split = randperm(train.Count, generator: dataGenerator).to(device);
            var valIdx = split.narrow(0, 0, nVal);
            var trainIdx = split.narrow(0, nVal, train.Count - nVal);
            valX = allX.index_select(0, valIdx);
            valY = allY.index_select(0, valIdx);
            trainX = allX.index_select(0, trainIdx);
            trainY = allY.index_select(0, trainIdx);
            allX.Dispose();
            allY.Dispose();
        }
        var (testX, testY) = test.ToTensors(device);

        long nTrain = trainX.shape[0];
        int batchesPerEpoch = (int)((nTrain + options.BatchSize - 1) / options.BatchSize);
        long plannedSteps = Math.Min((long)batchesPerEpoch * options.Epochs, options.MaxSteps ?? long.MaxValue);

        using var optimizer = CreateOptimizer(model, options);
        var milestones = new CrossEntropyMilestones();
        var epochs = new List<EpochRecord>();
        var status = TrainStatus.Completed;
        string message = "";
        long steps = 0;
        double trainingSeconds = 0;
        double bestValLoss = double.PositiveInfinity;
        int? bestEpoch = null;
        int epochsSinceBest = 0;

        for (int epoch = 1; epoch <= options.Epochs; epoch++)
        {
            using var epochScope = NewDisposeScope();
            var epochWatch = Stopwatch.StartNew();
            double lr = LearningRateSchedule.At(options, epoch - 1);
            foreach (var group in optimizer.ParamGroups) group.LearningRate = lr;
            model.train();

            var order = randperm(nTrain, generator: dataGenerator).to(device);
            double batchLossSum = 0;
            int batchesDone = 0;
            long samplesDone = 0;
            bool stepLimitReached = false;

            for (int batch = 0; batch < batchesPerEpoch; batch++)
            {
                if (ct.IsCancellationRequested)
                {
                    status = TrainStatus.Cancelled;
                    message = $"cancelled at epoch {epoch}, batch {batch + 1} of {batchesPerEpoch} (after {steps} steps); the unfinished epoch is not recorded";
                    break;
                }
                using var scope = NewDisposeScope();
                long start = (long)batch * options.BatchSize;
                long len = Math.Min(options.BatchSize, nTrain - start);
                var idx = order.narrow(0, start, len);
                var xb = trainX.index_select(0, idx);
                var yb = trainY.index_select(0, idx);
                if (options.Augment) xb = options.Augmentation!(xb, augmentGenerator);

                // gradients to none rather than to zero: backward then writes them fresh instead of adding into zeroed
                // buffers (one memset and one read per parameter less; the same values, since 0 + g == g)
                model.zero_grad(set_to_none: true);
                var logits = model.forward(xb);
                var loss = nn.functional.cross_entropy(logits, yb, label_smoothing: options.LabelSmoothing);
                double lossValue = loss.item<float>();
                if (!double.IsFinite(lossValue))
                {
                    status = TrainStatus.Diverged;
                    message = $"training loss became {lossValue.ToString(System.Globalization.CultureInfo.InvariantCulture)} at epoch {epoch}, batch {batch + 1} (step {steps + 1}, learning rate {lr:G4}); the unfinished epoch is not recorded";
                    break;
                }
                loss.backward();
                optimizer.step();
                steps++;

                double crossEntropy = lossValue;
                if (options.LabelSmoothing > 0)
                    using (no_grad()) crossEntropy = nn.functional.cross_entropy(logits, yb).item<float>();
                milestones.Add(steps, crossEntropy);

                batchLossSum += lossValue;
                batchesDone++;
                samplesDone += len;
                if (progress is not null)
                {
                    double elapsed = trainingSeconds + epochWatch.Elapsed.TotalSeconds;
                    var eta = TimeSpan.FromSeconds(elapsed / steps * (plannedSteps - steps));
                    progress.Report(new TrainProgress(epoch, options.Epochs, batch + 1, batchesPerEpoch, lossValue,
                        samplesDone / Math.Max(epochWatch.Elapsed.TotalSeconds, 1e-9), eta, TrainPhase.Train));
                }
                if (options.MaxSteps is long max && steps >= max)
                {
                    stepLimitReached = true;
                    break;
                }
            }
            trainingSeconds += epochWatch.Elapsed.TotalSeconds;
            if (status is TrainStatus.Cancelled or TrainStatus.Diverged) break;

            double batchLossMean = batchLossSum / batchesDone;
            progress?.Report(new TrainProgress(epoch, options.Epochs, batchesDone, batchesPerEpoch, batchLossMean, 0,
                TimeSpan.FromSeconds(trainingSeconds / steps * (plannedSteps - steps)), TrainPhase.Eval));

            EvaluationResult? val = null;
            bool earlyStop = false;
            if (valX is not null)
            {
                val = Evaluator.Evaluate(model, valX, valY!, options.EvaluationBatchSize);
                if (val.Loss < bestValLoss)
                {
                    bestValLoss = val.Loss;
                    bestEpoch = epoch;
                    epochsSinceBest = 0;
                }
                else if (++epochsSinceBest >= options.EarlyStoppingPatience && options.EarlyStoppingPatience > 0)
                {
                    earlyStop = true;
                }
            }
            bool last = epoch == options.Epochs || stepLimitReached || earlyStop;
            double trainLoss = double.NaN, trainAcc = double.NaN, testLoss = double.NaN, testAcc = double.NaN;
            if (options.EvaluateEveryEpoch || last)
            {
                var tr = Evaluator.Evaluate(model, trainX, trainY, options.EvaluationBatchSize);
                var te = Evaluator.Evaluate(model, testX, testY, options.EvaluationBatchSize);
                (trainLoss, trainAcc, testLoss, testAcc) = (tr.Loss, tr.Accuracy, te.Loss, te.Accuracy);
                if (!double.IsFinite(trainLoss) || !double.IsFinite(testLoss))
                {
                    status = TrainStatus.Diverged;
                    message = $"evaluation loss became non-finite after epoch {epoch} (train {trainLoss}, test {testLoss}); the epoch is not recorded";
                    break;
                }
            }
            epochs.Add(new EpochRecord(epoch, steps, trainLoss, trainAcc, testLoss, testAcc, val?.Loss, val?.Accuracy, lr,
                epochWatch.Elapsed.TotalSeconds, batchLossMean));

            if (earlyStop)
            {
                status = TrainStatus.EarlyStopped;
                message = $"validation loss did not improve for {options.EarlyStoppingPatience} epoch(s); best {bestValLoss:G6} at epoch {bestEpoch}";
                break;
            }
            if (stepLimitReached)
            {
                message = $"stopped at MaxSteps = {options.MaxSteps} during epoch {epoch}";
                break;
            }
        }

        GradientNoiseResult noise = status is TrainStatus.Completed or TrainStatus.EarlyStopped
            ? options.GradientNoiseBatches == 0
                ? new GradientNoiseResult(null, 0, "not measured: GradientNoiseBatches = 0")
                : GradientNoise.Measure(model, trainX, trainY, options.BatchSize, options.GradientNoiseBatches, options.Seed)
            : new GradientNoiseResult(null, 0, $"not measured: run {status.Text()}");
        model.eval();

        var lastRecord = epochs.LastOrDefault(e => !double.IsNaN(e.TrainLoss));
        var final = lastRecord is null ? null
            : new FinalMetrics(lastRecord.TrainLoss, lastRecord.TrainAccuracy, lastRecord.TestLoss, lastRecord.TestAccuracy);
        if (status == TrainStatus.Completed && message.Length == 0) message = $"completed {epochs.Count} epoch(s)";
        return new TrainResult(status, epochs, final, steps, wall.Elapsed.TotalSeconds, milestones.StepsToCe01,
            milestones.StepsToCe001, bestEpoch, message, noise.Value, noise.Note, CrossEntropyMilestones.Method, initialState);
    }

    static void CheckData(Dataset train, Dataset test, TrainOptions options)
    {
        if (train.Count == 0) throw new ArgumentException($"Training set '{train.Name}' is empty.", nameof(train));
        if (test.Count == 0) throw new ArgumentException($"Test set '{test.Name}' is empty.", nameof(test));
        if (!train.SampleShape.SequenceEqual(test.SampleShape))
            throw new ArgumentException($"Sample shapes differ: train [{string.Join(",", train.SampleShape)}], test [{string.Join(",", test.SampleShape)}].", nameof(test));
        if (train.NumClasses != test.NumClasses)
            throw new ArgumentException($"Class counts differ: train {train.NumClasses}, test {test.NumClasses}.", nameof(test));
        if (options.ValidationFraction > 0 && train.Count < 2)
            throw new ArgumentException($"ValidationFraction = {options.ValidationFraction} needs at least 2 training samples, '{train.Name}' has {train.Count}.", nameof(options));
    }

    static optim.Optimizer CreateOptimizer(nn.Module<Tensor, Tensor> model, TrainOptions o) => o.OptimizerKind switch
    {
        "sgd" => optim.SGD(model.parameters(), o.LearningRate, o.Momentum, 0, o.WeightDecay, o.Nesterov),
        _ => optim.AdamW(model.parameters(), o.LearningRate, 0.9, 0.999, 1e-8, o.WeightDecay),
    };

    /// <summary>Detached CPU clones of the named parameters, owned by the caller (not by any dispose scope).</summary>
    static Dictionary<string, Tensor> Snapshot(nn.Module<Tensor, Tensor> model)
    {
        var state = new Dictionary<string, Tensor>();
        using var scope = NewDisposeScope();
        foreach (var (name, p) in model.named_parameters())
            state[name] = p.detach().cpu().clone().DetachFromDisposeScope();
        return state;
    }
}

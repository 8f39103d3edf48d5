using GapLab.IO;
using GapLab.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace GapLab.Core.Tests.Training;

public class TrainerTests
{
    public TrainerTests() => GapLab.Runtime.TorchRuntime.EnsureLoaded();

    static readonly TrainOptions Base = new()
    {
        Optimizer = "sgd", LearningRate = 0.1, Momentum = 0.9, BatchSize = 8, Epochs = 2, Seed = 7, Device = "cpu",
        EvaluationBatchSize = 16, GradientNoiseBatches = 4,
    };

    [Fact]
    public void Same_seed_gives_bit_identical_weights_and_metrics()
    {
        var train = TinyData.Blobs(40, seed: 1);
        var test = TinyData.Blobs(24, seed: 2);
        var options = Base with { ValidationFraction = 0.2, LabelSmoothing = 0.1 };

        using var a = TinyData.Mlp(3);
        using var ra = Trainer.Train(a, train, test, options);
        using var b = TinyData.Mlp(3);
        using var rb = Trainer.Train(b, train, test, options);
        using var c = TinyData.Mlp(3);
        using var rc = Trainer.Train(c, train, test, options with { Seed = 8 });

        var pa = a.named_parameters().ToList();
        var pb = b.named_parameters().ToList();
        Assert.Equal(pa.Select(p => p.name), pb.Select(p => p.name));
        for (int i = 0; i < pa.Count; i++) Assert.True(Same(pa[i].parameter, pb[i].parameter), pa[i].name);
        Assert.Equal(ra.Epochs.Select(e => e with { WallSeconds = 0 }), rb.Epochs.Select(e => e with { WallSeconds = 0 }));
        Assert.Equal(ra.GradientNoiseFinal, rb.GradientNoiseFinal);
        Assert.Equal(TrainStatus.Completed, ra.Status);
        // A different data-order seed must change the trained weights (the test above could not pass by accident).
        Assert.False(c.named_parameters().Zip(pa).All(t => Same(t.First.parameter, t.Second.parameter)));
    }

    [Fact]
    public void Train_metrics_are_measured_after_the_epoch_on_the_whole_train_set()
    {
        var train = TinyData.Blobs(30, seed: 3);
        var test = TinyData.Blobs(15, seed: 4);
        using var model = TinyData.Linear(5);
        using var result = Trainer.Train(model, train, test, Base with { Epochs = 3 });

        var (x, y) = train.ToTensors();
        using (x) using (y)
        {
            var again = Evaluator.Evaluate(model, x, y, 16); // same batching as the trainer => same float sums
            Assert.Equal(again.Loss, result.Final!.TrainLoss, 12);
            Assert.Equal(again.Accuracy, result.Final.TrainAccuracy, 12);
        }
        Assert.Equal([1, 2, 3], result.Epochs.Select(e => e.Epoch));
        Assert.Equal([4L, 8L, 12L], result.Epochs.Select(e => e.Steps)); // ceil(30 / 8) = 4 batches per epoch
        Assert.Equal(12, result.TotalSteps);
        Assert.All(result.Epochs, e => Assert.True(e.TrainBatchLossMean > 0 && e.ValLoss is null));
        Assert.Null(result.BestEpoch);
    }

    [Fact]
    public void Initial_state_holds_the_weights_before_the_first_step()
    {
        using var model = TinyData.Linear(11);
        var before = model.named_parameters().ToDictionary(p => p.name, p => p.parameter.detach().clone());
        using var result = Trainer.Train(model, TinyData.Blobs(24, 5), TinyData.Blobs(12, 6), Base);

        Assert.Equal(before.Keys.Order(), result.InitialState.Keys.Order());
        foreach (var (name, p) in model.named_parameters())
        {
            Assert.True(Same(before[name], result.InitialState[name]), name);
            Assert.False(Same(p, result.InitialState[name]), $"{name} did not change during training");
            Assert.Equal(DeviceType.CPU, result.InitialState[name].device_type);
        }
        foreach (var t in before.Values) t.Dispose();
    }

    [Fact]
    public void Cancelling_after_batch_3_keeps_the_finished_epoch()
    {
        using var cts = new CancellationTokenSource();
        int trainEvents = 0;
        var recorder = new TinyData.Recorder(p => { if (p.Phase == TrainPhase.Train && ++trainEvents == 3) cts.Cancel(); });
        using var model = TinyData.Linear(1);
        // 16 samples / batch 8 = 2 batches per epoch: batch 3 is the first batch of epoch 2.
        using var result = Trainer.Train(model, TinyData.Blobs(16, 7), TinyData.Blobs(8, 8), Base with { Epochs = 5 }, recorder, cts.Token);

        Assert.Equal(TrainStatus.Cancelled, result.Status);
        Assert.Single(result.Epochs);
        Assert.Equal(3, result.TotalSteps);
        Assert.NotNull(result.Final);
        Assert.Null(result.GradientNoiseFinal);
        Assert.Contains("cancelled", result.GradientNoiseNote);
    }

    [Fact]
    public void Huge_inputs_diverge_without_throwing()
    {
        var train = TinyData.Blobs(32, 9, scale: 1e20f);
        using var model = TinyData.Linear(2);
        using var result = Trainer.Train(model, train, TinyData.Blobs(8, 10), Base with { LearningRate = 1e10, Epochs = 4 });

        Assert.Equal(TrainStatus.Diverged, result.Status);
        Assert.Contains("loss", result.Message);
        Assert.True(result.Epochs.Count < 4);
        Assert.Null(result.GradientNoiseFinal);
    }

    [Fact]
    public void Early_stopping_stops_when_validation_loss_stops_improving()
    {
        // Random labels: the MLP memorises the training part and the validation loss soon rises.
        var data = TinyData.Blobs(60, 11);
        var rng = new Random(5);
        var noisy = data.WithLabels(data.Labels.Select(_ => rng.Next(3)).ToArray());
        using var model = TinyData.Mlp(4, hidden: 64);
        var options = Base with { Epochs = 60, ValidationFraction = 0.3, EarlyStoppingPatience = 3, LearningRate = 0.2 };
        using var result = Trainer.Train(model, noisy, TinyData.Blobs(12, 12), options);

        Assert.Equal(TrainStatus.EarlyStopped, result.Status);
        Assert.True(result.Epochs.Count < 60);
        var val = result.Epochs.Select(e => e.ValLoss!.Value).ToList();
        int best = val.IndexOf(val.Min()) + 1;
        Assert.Equal(best, result.BestEpoch);
        Assert.Equal(result.Epochs.Count, best + 3);
        Assert.NotNull(result.Final);
    }

    [Fact]
    public void Epoch_records_use_the_scheduled_learning_rates()
    {
        using var model = TinyData.Linear(3);
        var options = Base with { Epochs = 4, Schedule = "cosine", LearningRate = 0.1 };
        using var result = Trainer.Train(model, TinyData.Blobs(16, 13), TinyData.Blobs(8, 14), options);
        Assert.Equal([0.1, 0.0853553390593274, 0.05, 0.0146446609406726], result.Epochs.Select(e => e.LearningRate),
            new ToleranceComparer(1e-12));
    }

    [Fact]
    public void Live_tensor_count_stays_flat_over_epochs()
    {
        var live = new Dictionary<int, long>();
        var recorder = new TinyData.Recorder(p => { if (p.Phase == TrainPhase.Eval) live[p.Epoch] = DisposeScopeManager.Statistics.ThreadTotalLiveCount; });
        using var model = TinyData.Mlp(6);
        var (train, test) = (TinyData.Blobs(48, 15), TinyData.Blobs(16, 16));
        long before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        var result = Trainer.Train(model, train, test,
            Base with { Epochs = 6, ValidationFraction = 0.25, Schedule = "step", StepSize = 2, Gamma = 0.5 }, recorder);
        Assert.Equal(6, live.Count);
        Assert.True(live[6] <= live[2], $"live tensors grew from {live[2]} after epoch 2 to {live[6]} after epoch 6");
        Assert.Equal(before + 4, DisposeScopeManager.Statistics.ThreadTotalLiveCount); // only the 4 InitialState clones remain
        result.Dispose();
        Assert.Equal(before, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }

    [Fact]
    public void Cross_entropy_milestones_match_the_running_mean_of_batch_losses()
    {
        var recorder = new TinyData.Recorder();
        using var model = TinyData.Linear(8);
        var options = Base with { Epochs = 25, Optimizer = "adamw", LearningRate = 0.05, Momentum = 0 };
        using var result = Trainer.Train(model, TinyData.Blobs(48, 17, separation: 8, noise: 0.5), TinyData.Blobs(12, 18), options, recorder);

        var losses = recorder.Events.Where(e => e.Phase == TrainPhase.Train).Select(e => e.Loss).ToList();
        Assert.Equal(result.TotalSteps, losses.Count);
        long? Expected(double level)
        {
            for (int s = 1; s <= losses.Count; s++)
                if (losses.Skip(Math.Max(0, s - 20)).Take(Math.Min(s, 20)).Average() <= level) return s;
            return null;
        }
        Assert.NotNull(result.StepsToCe01);
        Assert.Equal(Expected(0.1), result.StepsToCe01);
        Assert.Equal(Expected(0.01), result.StepsToCe001);
        Assert.True(result.Final!.TrainAccuracy == 1.0);
        Assert.Contains("20", result.CeMilestoneMethod);
    }

    [Fact]
    public void Max_steps_ends_inside_an_epoch_and_records_it()
    {
        using var model = TinyData.Linear(3);
        using var result = Trainer.Train(model, TinyData.Blobs(16, 19), TinyData.Blobs(8, 20),
            Base with { Epochs = 10, MaxSteps = 3, EvaluateEveryEpoch = false });
        Assert.Equal(TrainStatus.Completed, result.Status);
        Assert.Equal(3, result.TotalSteps);
        Assert.Equal(2, result.Epochs.Count);
        Assert.True(double.IsNaN(result.Epochs[0].TestAccuracy));
        Assert.False(double.IsNaN(result.Epochs[1].TestAccuracy));
        Assert.Equal(result.Epochs[1].TestAccuracy, result.Final!.TestAccuracy);
    }

    [Fact]
    public void Augmentation_hook_sees_every_training_batch()
    {
        int calls = 0;
        var options = Base with
        {
            Augment = true,
            Augmentation = (x, g) => { calls++; return x + 0.01 * torch.randn(x.shape, generator: g).to(x.device); },
        };
        using var model = TinyData.Linear(3);
        using var result = Trainer.Train(model, TinyData.Blobs(20, 21), TinyData.Blobs(8, 22), options);
        Assert.Equal(result.TotalSteps, calls);
        Assert.Equal(6, calls); // ceil(20 / 8) = 3 batches x 2 epochs
    }

    [Fact]
    public void Progress_reports_every_batch_and_one_eval_per_epoch()
    {
        var recorder = new TinyData.Recorder();
        using var model = TinyData.Linear(3);
        using var result = Trainer.Train(model, TinyData.Blobs(20, 23), TinyData.Blobs(8, 24), Base, recorder);
        Assert.Equal(["train", "train", "train", "eval", "train", "train", "train", "eval"], recorder.Events.Select(e => e.Phase.Text()));
        Assert.Equal([1, 2, 3], recorder.Events.Take(3).Select(e => e.Batch));
        Assert.All(recorder.Events, e => { Assert.Equal(3, e.BatchesPerEpoch); Assert.Equal(2, e.Epochs); });
        Assert.Equal(TimeSpan.Zero, recorder.Events[^2].Eta);
    }

    [Fact]
    public void Mismatched_datasets_are_rejected_with_the_shapes()
    {
        using var model = TinyData.Linear(3);
        var ex = Assert.Throws<ArgumentException>(() => Trainer.Train(model, TinyData.Blobs(8, 1), TinyData.Blobs(8, 2, features: 5), Base));
        Assert.Contains("[4]", ex.Message);
        Assert.Contains("[5]", ex.Message);
    }

    /// <summary>Same shape and all elements equal (TorchSharp 0.107's torch.equal is element-wise, so reduce with all()).</summary>
    static bool Same(Tensor a, Tensor b)
    {
        if (!a.shape.SequenceEqual(b.shape)) return false;
        using var eq = torch.equal(a, b);
        using var all = eq.all();
        return all.item<bool>();
    }

    sealed class ToleranceComparer(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double a, double b) => Math.Abs(a - b) <= tolerance;
        public int GetHashCode(double value) => 0;
    }
}

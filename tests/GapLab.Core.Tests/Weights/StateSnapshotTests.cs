using GapLab.Models;
using GapLab.Runtime;
using GapLab.Weights;
using TorchSharp;
using static TorchSharp.torch;

namespace GapLab.Core.Tests.Weights;

public class StateSnapshotTests
{
    public StateSnapshotTests() => TorchRuntime.EnsureLoaded();

    [Fact]
    public void Snapshot_is_an_independent_copy_that_restores_the_module()
    {
        using var model = ModelRegistry.Create("cnn:blocks=1,bn=true,width=0.125", new InputShape(1, 8, 8, 3));
        var state = model.Module.state_dict();
        StateSnapshot snapshot;
        float original;
        using (var scope = NewDisposeScope())
        {
            snapshot = StateSnapshot.Capture(model.Module); // must outlive this scope
            original = state["classifier.bias"][0].item<float>();
        }
        using (snapshot)
        {
            Assert.Equal(state.Keys.Order(StringComparer.Ordinal), snapshot.Tensors.Keys.Order(StringComparer.Ordinal));
            Assert.All(snapshot.Tensors.Values, t => Assert.False(t.requires_grad));
            Assert.All(snapshot.Tensors.Values, t => Assert.Equal(DeviceType.CPU, t.device_type));

            using (no_grad())
                foreach (var p in model.Module.parameters()) p.add_(1);
            using (var scope = NewDisposeScope())
            {
                model.Module.train();
                model.Module.forward(rand(2, 1, 8, 8));
            }
            Assert.Equal(original + 1, state["classifier.bias"][0].item<float>(), 6);
            Assert.Equal(original, snapshot.Tensors["classifier.bias"][0].item<float>());
            Assert.Equal(0L, snapshot.Tensors["features.1.num_batches_tracked"].item<long>());

            snapshot.Restore(model.Module);
            foreach (var (name, t) in state)
                Assert.True(TensorAssert.Same(t, snapshot.Tensors[name]), $"{name} not restored");
            Assert.True(state["classifier.bias"].requires_grad);
        }
        Assert.Throws<ObjectDisposedException>(() => snapshot.Tensors);
    }

    [Fact]
    public void Restore_into_another_architecture_names_the_differences()
    {
        using var a = ModelRegistry.Create("mlp:depth=1,width=4", InputShape.Flat(3, 2));
        using var b = ModelRegistry.Create("mlp:depth=2,width=4", InputShape.Flat(3, 2));
        using var snapshot = StateSnapshot.Capture(a.Module);
        var ex = Assert.Throws<InvalidDataException>(() => snapshot.Restore(b.Module));
        Assert.Contains("layers.3.weight expected [4, 4] found [2, 4]", ex.Message);
        Assert.Contains("layers.6.weight", ex.Message);
    }
}

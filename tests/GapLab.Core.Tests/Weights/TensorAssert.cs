using static TorchSharp.torch;

namespace GapLab.Core.Tests.Weights;

/// <summary>Exact tensor comparisons for weight tests.</summary>
public static class TensorAssert
{
    /// <summary>Same dtype, shape and every element equal.</summary>
    public static bool Same(Tensor a, Tensor b)
    {
        if (a.dtype != b.dtype || !a.shape.SequenceEqual(b.shape)) return false;
        using var eq = a.eq(b);
        using var all = eq.all();
        return all.item<bool>();
    }

    /// <summary>Both modules have the same state names and identical tensors.</summary>
    public static void SameState(nn.Module expected, nn.Module actual)
    {
        var a = expected.state_dict();
        var b = actual.state_dict();
        Assert.Equal(a.Keys.Order(StringComparer.Ordinal), b.Keys.Order(StringComparer.Ordinal));
        foreach (var (name, t) in a) Assert.True(Same(t, b[name]), $"{name} differs");
    }
}

using TorchSharp;
using static TorchSharp.torch;

namespace GapLab.Runtime.SelfCheck;

/// <summary>
/// The kernels GapLab's model zoo relies on, at the shapes it uses (1 to 64 channels, 28x28 down to 7x7, batch 1 to 128,
/// stride 2 and 1x1 convolutions): conv2d forward and both backward passes, linear, batch norm in training mode, max and
/// average pooling. Each runs in float32 and is compared with the same computation in float64 (which libtorch never routes to
/// oneDNN) on seeded inputs; the float32 pass runs twice, since a broken kernel can be right once and wrong the next time.
/// </summary>
public static class BuiltInProbes
{
    /// <summary>The probes of the start-up check (about 0.2-0.5 s on 2 cores).</summary>
    public static IReadOnlyList<KernelProbe> All { get; } = Build();

    static IReadOnlyList<KernelProbe> Build()
    {
        var probes = new List<KernelProbe>();
        foreach (var (cin, cout, size, batch, kernel, stride) in new (int, int, int, int, int, int)[]
                 {
                     (1, 4, 28, 32, 3, 1), (2, 2, 28, 128, 3, 1), (4, 4, 14, 64, 3, 1), (8, 8, 28, 16, 3, 1), (16, 16, 14, 16, 3, 1),
                     (32, 32, 7, 32, 3, 1), (64, 64, 7, 16, 3, 1), (16, 32, 14, 16, 3, 2), (32, 32, 7, 16, 1, 1), (2, 2, 28, 1, 3, 1),
                     (64, 64, 7, 1, 3, 1),
                 })
        {
            int pad = kernel / 2;
            probes.Add(new KernelProbe("conv2d", $"{cin}->{cout} ch, {kernel}x{kernel}, stride {stride}, {size}x{size}, batch {batch}",
                () => Compare(seed: cin * 1000 + cout * 10 + size + batch,
                    [new[] { (long)batch, cin, size, size }, new[] { (long)cout, cin, kernel, kernel }, new[] { (long)cout }],
                    ["backward-input", "backward-weight", "backward-bias"],
                    t => nn.functional.conv2d(t[0], t[1], t[2], strides: [stride, stride], padding: [pad, pad]))));
        }
        foreach (var (fin, fout, batch) in new[] { (784, 256, 128), (256, 10, 128), (784, 64, 1) })
            probes.Add(new KernelProbe("linear", $"{fin}->{fout}, batch {batch}",
                () => Compare(fin + fout + batch, [new[] { (long)batch, fin }, new[] { (long)fout, fin }, new[] { (long)fout }],
                    ["backward-input", "backward-weight", "backward-bias"], t => nn.functional.linear(t[0], t[1], t[2]))));
        foreach (var (channels, size) in new[] { (8, 28), (64, 7) })
            probes.Add(new KernelProbe("batch_norm (training)", $"{channels} ch, {size}x{size}, batch 32",
                () => Compare(channels + size, [new[] { 32L, channels, size, size }, new[] { (long)channels }, new[] { (long)channels }],
                    ["backward-input", "backward-weight", "backward-bias"],
                    t =>
                    {
                        using var mean = zeros(channels, t[0].dtype);
                        using var variance = ones(channels, t[0].dtype);
                        return nn.functional.batch_norm(t[0], mean, variance, t[1], t[2], training: true);
                    })));
        probes.Add(new KernelProbe("max_pool2d", "2x2, 16 ch, 28x28, batch 16",
            () => Compare(7, [new[] { 16L, 16, 28, 28 }], ["backward-input"], t => nn.functional.max_pool2d(t[0], 2))));
        probes.Add(new KernelProbe("avg_pool2d", "2x2, 16 ch, 14x14, batch 32",
            () => Compare(8, [new[] { 32L, 16, 14, 14 }], ["backward-input"], t => nn.functional.avg_pool2d(t[0], 2))));
        probes.Add(new KernelProbe("adaptive_avg_pool2d", "to 1x1, 64 ch, 7x7, batch 32",
            () => Compare(9, [new[] { 32L, 64, 7, 7 }], ["backward-input"], t => nn.functional.adaptive_avg_pool2d(t[0], [1, 1]))));
        return probes;
    }

    /// <summary>
    /// Runs <paramref name="op"/> on seeded normal inputs of <paramref name="shapes"/> in float32 (twice) and float64, backpropagates
    /// a seeded output gradient, and returns the worst relative error of the output and of each input's gradient.
    /// </summary>
    internal static IReadOnlyList<ProbeError> Compare(int seed, long[][] shapes, string[] gradientNames, Func<Tensor[], Tensor> op)
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator((ulong)seed, CPU);
        var inputs = shapes.Select((s, i) => randn(s, ScalarType.Float64, generator: generator) * (i == 0 ? 1.0 : 0.2)).ToArray();
        var (reference, referenceGrads) = ForwardBackward(inputs, op, ScalarType.Float64, generator, seed);
        var worst = new double[1 + inputs.Length];
        for (int pass = 0; pass < 2; pass++)
        {
            var (output, grads) = ForwardBackward(inputs, op, ScalarType.Float32, generator, seed);
            worst[0] = Worse(worst[0], RelativeError(output, reference));
            for (int i = 0; i < grads.Length; i++) worst[i + 1] = Worse(worst[i + 1], RelativeError(grads[i], referenceGrads[i]));
        }
        var errors = new List<ProbeError> { new("forward", worst[0]) };
        for (int i = 0; i < inputs.Length; i++) errors.Add(new ProbeError(gradientNames[i], worst[i + 1]));
        return errors;
    }

    static double Worse(double a, double b) => double.IsNaN(a) || double.IsNaN(b) ? double.NaN : Math.Max(a, b);

    static (Tensor Output, Tensor[] Grads) ForwardBackward(Tensor[] inputs, Func<Tensor[], Tensor> op, ScalarType type, Generator generator, int seed)
    {
        var leaves = inputs.Select(t => t.to(type).detach().requires_grad_(true)).ToArray();
        var output = op(leaves);
        generator.manual_seed(seed + 1L);
        var upstream = randn(output.shape, ScalarType.Float64, generator: generator).to(type);
        var grads = torch.autograd.grad([output], leaves, [upstream]);
        return (output.detach(), grads.Select(g => g.detach()).ToArray());
    }

    /// <summary>||a - r||_2 / ||r||_2 in float64 (NaN when <paramref name="actual"/> holds NaN or Inf).</summary>
    internal static double RelativeError(Tensor actual, Tensor reference)
    {
        using var scope = NewDisposeScope();
        var a = actual.to(ScalarType.Float64);
        if (!a.isfinite().all().item<bool>()) return double.NaN;
        double denominator = Math.Max(reference.norm().item<double>(), 1e-300);
        return (a - reference).norm().item<double>() / denominator;
    }
}

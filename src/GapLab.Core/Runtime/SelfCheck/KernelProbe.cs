namespace GapLab.Runtime.SelfCheck;

/// <summary>
/// One numerical check of a libtorch kernel: <paramref name="Operation"/> (e.g. <c>conv2d</c>) at <paramref name="Shape"/>
/// (e.g. <c>2-&gt;2 ch, 28x28, batch 128</c>); <paramref name="Measure"/> runs it and returns the relative error of each part
/// (forward, backward-input, backward-weight, ...) against a reference computed another way.
/// </summary>
public sealed record KernelProbe(string Operation, string Shape, Func<IReadOnlyList<ProbeError>> Measure)
{
    public override string ToString() => $"{Operation} ({Shape})";
}

/// <summary>The relative L2 error ||a - r|| / ||r|| of one part of a probe (NaN when the kernel produced NaN/Inf).</summary>
public sealed record ProbeError(string Part, double RelativeError);

/// <summary>A probe part that missed the tolerance under one configuration.</summary>
public sealed record ProbeFailure(string Configuration, string Operation, string Shape, string Part, double RelativeError)
{
    public override string ToString() =>
        $"{Operation} {Part} ({Shape}) under {Configuration}: relative error {(double.IsNaN(RelativeError) ? "NaN" : RelativeError.ToString("G3", System.Globalization.CultureInfo.InvariantCulture))}";
}

using GapLab.Weights;
using static TorchSharp.torch;

namespace GapLab.Bench;

/// <summary>Writes the benchmark inputs (x float32 [N,1,28,28], y int64 [N]) as synthetic.safetensors and fashion.safetensors, so the PyTorch peer trains on the very same images.</summary>
public static class ExportData
{
    public static IReadOnlyList<string> Write(string dir, int count)
    {
        GapLab.Runtime.TorchRuntime.EnsureLoaded();
        Directory.CreateDirectory(dir);
        var files = new List<string>();
        foreach (var kind in new[] { "synthetic", "fashion" })
        {
            using var scope = NewDisposeScope();
            var (x, y) = BenchData.Train(kind, count).ToTensors();
            var path = Path.Combine(dir, kind + ".safetensors");
            Safetensors.Save(path, new Dictionary<string, Tensor> { ["x"] = x, ["y"] = y });
            files.Add(path);
        }
        return files;
    }
}

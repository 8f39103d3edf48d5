using System.Runtime.Intrinsics.X86;

namespace GapLab.Runtime;

/// <summary>
/// The processor GapLab runs on: its model name and the vector-instruction flags that decide which libtorch/oneDNN kernels
/// run (AVX2, AVX-512 and its VNNI/BF16 extensions, AMX). Read from /proc/cpuinfo on Linux, from .NET's intrinsics elsewhere.
/// </summary>
public sealed record CpuFeatures(string Model, IReadOnlyList<string> VectorFlags)
{
    static readonly string[] Interesting = ["sse4_2", "avx", "avx2", "fma", "avx512f", "avx512bw", "avx512vl", "avx512dq", "avx512_vnni",
        "avx512_bf16", "avx512_fp16", "avx512_vp2intersect", "amx_tile", "amx_bf16", "amx_int8", "avx_vnni"];

    static readonly Lazy<CpuFeatures> Cached = new(Read);

    /// <summary>This machine's processor (read once).</summary>
    public static CpuFeatures Current => Cached.Value;

    /// <summary>The flags as one comma-separated string, e.g. <c>avx2,fma,avx512f,avx512_vnni</c>.</summary>
    public string FlagsText => VectorFlags.Count == 0 ? "none detected" : string.Join(",", VectorFlags);

    /// <summary>Parses /proc/cpuinfo text: the first <c>model name</c> and the known vector flags of the first <c>flags</c> line.</summary>
    public static CpuFeatures Parse(string cpuinfo)
    {
        string model = "unknown", flags = "";
        foreach (var raw in cpuinfo.Split('\n'))
        {
            int colon = raw.IndexOf(':');
            if (colon < 0) continue;
            string key = raw[..colon].Trim(), value = raw[(colon + 1)..].Trim();
            if (model == "unknown" && key == "model name") model = value;
            else if (flags.Length == 0 && key == "flags") flags = value;
        }
        var present = flags.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
        return new CpuFeatures(model, Interesting.Where(present.Contains).ToList());
    }

    static CpuFeatures Read()
    {
        try
        {
            if (File.Exists("/proc/cpuinfo")) return Parse(File.ReadAllText("/proc/cpuinfo"));
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        var flags = new List<string>();
        if (Avx2.IsSupported) flags.Add("avx2");
        if (Fma.IsSupported) flags.Add("fma");
        if (Avx512F.IsSupported) flags.Add("avx512f");
        if (Avx512BW.IsSupported) flags.Add("avx512bw");
        if (Avx512Vbmi.IsSupported) flags.Add("avx512vbmi");
        return new CpuFeatures(System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture.ToString(), flags);
    }
}

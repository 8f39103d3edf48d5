using System.Diagnostics;
using System.Globalization;

namespace GapLab.Runtime;

/// <summary>
/// Free memory of a CUDA device before a job starts, read from the NVIDIA driver's <c>nvidia-smi</c>
/// (<c>--query-gpu=memory.free --format=csv,noheader,nounits -i N</c>, MiB), which every CUDA machine has beside its driver. Null when it
/// cannot be read (no nvidia-smi, a timeout, unexpected output): the caller then says the GPU memory was not checked.
/// </summary>
public static class GpuMemory
{
    /// <summary>Free bytes of CUDA device <paramref name="deviceIndex"/>, or null when unknown.</summary>
    public static long? FreeBytes(int deviceIndex)
    {
        try
        {
            var psi = new ProcessStartInfo("nvidia-smi") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var a in new[] { "--query-gpu=memory.free", "--format=csv,noheader,nounits", "-i", deviceIndex.ToString(CultureInfo.InvariantCulture) })
                psi.ArgumentList.Add(a);
            using var p = Process.Start(psi);
            if (p is null) return null;
            var output = p.StandardOutput.ReadToEndAsync();
            if (!p.WaitForExit(5000)) { p.Kill(entireProcessTree: true); return null; }
            return p.ExitCode == 0 ? ParseFreeMib(output.Result) : null;
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException or IOException)
        {
            return null; // no nvidia-smi on PATH
        }
    }

    /// <summary>Bytes from nvidia-smi's first line, a whole number of MiB (e.g. "80614"), or null when it is not one.</summary>
    public static long? ParseFreeMib(string output)
    {
        var first = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
        return first is not null && long.TryParse(first, NumberStyles.None, CultureInfo.InvariantCulture, out long mib) ? mib * 1024 * 1024 : null;
    }
}

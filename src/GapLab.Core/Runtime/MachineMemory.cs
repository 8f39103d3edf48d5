using System.Globalization;

namespace GapLab.Runtime;

/// <summary>
/// Memory this process can still use: on Linux the smaller of MemAvailable (/proc/meminfo) and the cgroup v2 limit minus
/// usage (/sys/fs/cgroup/memory.max, memory.current); elsewhere the GC's view of the total available memory.
/// </summary>
public static class MachineMemory
{
    /// <summary>Available bytes now (never 0; long.MaxValue when nothing can be read).</summary>
    public static long AvailableBytes()
    {
        long best = long.MaxValue;
        if (ReadMeminfo("/proc/meminfo", "MemAvailable:") is { } avail) best = Math.Min(best, avail);
        if (ReadNumber("/sys/fs/cgroup/memory.max") is { } max && ReadNumber("/sys/fs/cgroup/memory.current") is { } used)
            best = Math.Min(best, Math.Max(0, max - used));
        if (best == long.MaxValue)
        {
            long gc = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
            if (gc > 0) best = gc;
        }
        return Math.Max(1, best);
    }

    static long? ReadMeminfo(string path, string key)
    {
        try
        {
            foreach (var line in File.ReadLines(path))
                if (line.StartsWith(key, StringComparison.Ordinal))
                {
                    var parts = line[key.Length..].Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
                    if (long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out long kb)) return kb * 1024;
                }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        return null;
    }

    static long? ReadNumber(string path)
    {
        try
        {
            return long.TryParse(File.ReadAllText(path).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out long v) ? v : null; // "max" -> null
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return null; }
    }
}

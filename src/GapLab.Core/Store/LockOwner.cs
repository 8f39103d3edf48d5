using System.Diagnostics;
using System.Globalization;

namespace GapLab.Store;

/// <summary>Who holds a <see cref="StoreLock"/>: process id, host, start time (UTC) and command.</summary>
public sealed record LockOwner(int Pid, string Host, DateTime StartedUtc, string Command)
{
    internal static LockOwner Current(string command) =>
        new(Environment.ProcessId, Environment.MachineName, DateTime.UtcNow, command.ReplaceLineEndings(" "));

    internal string Format() => string.Create(CultureInfo.InvariantCulture,
        $"pid={Pid}\nhost={Host}\nstarted_utc={StartedUtc:O}\ncommand={Command}\n");

    /// <summary>The owner recorded in a lock file's text, or null when it is incomplete.</summary>
    internal static LockOwner? Parse(string text)
    {
        var fields = text.Split('\n').Select(l => l.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1].TrimEnd('\r'));
        if (!fields.TryGetValue("pid", out var pid) || !int.TryParse(pid, NumberStyles.None, CultureInfo.InvariantCulture, out int id)) return null;
        if (!fields.TryGetValue("host", out var host)) return null;
        if (!fields.TryGetValue("started_utc", out var start) ||
            !DateTime.TryParse(start, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var started)) return null;
        return new LockOwner(id, host, started.ToUniversalTime(), fields.GetValueOrDefault("command", ""));
    }

    /// <summary>True when the owner is on this host and its process is gone (or its pid now belongs to a later process).</summary>
    internal bool IsStale()
    {
        if (!string.Equals(Host, Environment.MachineName, StringComparison.OrdinalIgnoreCase)) return false;
        try
        {
            using var process = Process.GetProcessById(Pid);
            if (process.HasExited) return true;
            // pid reuse: a process that started after the lock was taken is not the one that took it
            return process.StartTime.ToUniversalTime() > StartedUtc + TimeSpan.FromSeconds(2);
        }
        catch (ArgumentException) { return true; } // no such process
        catch (InvalidOperationException) { return true; }
        catch (System.ComponentModel.Win32Exception) { return false; } // exists but not inspectable: assume alive
    }
}

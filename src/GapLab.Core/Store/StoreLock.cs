using System.Globalization;

namespace GapLab.Store;

/// <summary>
/// The single-writer lock of a store folder: the file <c>DIR/gaplab.lock</c>, created exclusively (O_EXCL) by the process
/// that writes the folder, holding its pid, host, start time (UTC) and command, and deleted when it is done. A second
/// writer stops with <see cref="StoreBusyException"/>. A lock left by a process that died (kill -9, power loss) on this host
/// — its pid no longer runs, or now belongs to a process started after the lock — is taken over: it is renamed away
/// (atomic; only one contender wins) and re-checked before a new lock is created. A lock from another host is never
/// taken over (its pid cannot be checked from here); delete the file by hand if that host is gone.
/// </summary>
public sealed class StoreLock : IDisposable
{
    public const string FileName = "gaplab.lock";

    /// <summary>How long an unreadable (just created, not yet written) lock is given to get its content.</summary>
    static readonly TimeSpan WriteGrace = TimeSpan.FromSeconds(5);

    readonly string _content;
    bool _released;

    StoreLock(string path, string content)
    {
        FilePath = path;
        _content = content;
    }

    /// <summary>The lock file.</summary>
    public string FilePath { get; }

    /// <summary>Takes the lock of <paramref name="folder"/> (created when absent) for <paramref name="command"/>.</summary>
    /// <exception cref="StoreBusyException">Another live process holds it; the message names its pid, host and start time.</exception>
    public static StoreLock Acquire(string folder, string command)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        Directory.CreateDirectory(folder);
        string path = Path.Combine(Path.GetFullPath(folder), FileName);
        var deadline = DateTime.UtcNow + WriteGrace;
        while (true)
        {
            var owner = LockOwner.Current(command);
            string content = owner.Format();
            try
            {
                using (var fs = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read))
                using (var writer = new StreamWriter(fs))
                {
                    writer.Write(content);
                    writer.Flush();
                    fs.Flush(flushToDisk: true);
                }
                return new StoreLock(path, content);
            }
            catch (IOException) when (File.Exists(path))
            {
                string? held = TryRead(path);
                var holder = held is null ? null : LockOwner.Parse(held);
                if (holder is null)
                {
                    // being written right now, or left empty by a process killed between create and write
                    if (DateTime.UtcNow < deadline) { Thread.Sleep(50); continue; }
                    TakeOver(path, held);
                    continue;
                }
                if (!holder.IsStale()) throw new StoreBusyException(holder, folder);
                TakeOver(path, held);
            }
        }
    }

    /// <summary>Moves the stale lock (content <paramref name="stale"/>) out of the way; false when another process changed it first.</summary>
    static bool TakeOver(string path, string? stale)
    {
        string aside = path + ".stale-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N")[..8];
        try { File.Move(path, aside); }
        catch (FileNotFoundException) { return false; } // someone else removed it: try to create ours
        string? moved = TryRead(aside);
        if (moved == stale || (moved is not null && LockOwner.Parse(moved) is { } o && o.IsStale()))
        {
            File.Delete(aside);
            return true;
        }
        // another contender replaced the stale lock with its own between our read and our move: put it back
        try { File.Move(aside, path, overwrite: false); }
        catch (IOException) { File.Delete(aside); }
        return false;
    }

    static string? TryRead(string path)
    {
        try { return File.ReadAllText(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return null; }
    }

    /// <summary>Deletes the lock file if it is still this lock's.</summary>
    public void Dispose()
    {
        if (_released) return;
        _released = true;
        try
        {
            if (TryRead(FilePath) == _content) File.Delete(FilePath);
        }
        catch (IOException) { /* best effort: a stale lock is taken over by the next writer */ }
    }
}

using System.Globalization;

namespace GapLab.Store;

/// <summary>Another live process holds a store folder's <see cref="StoreLock"/>.</summary>
public sealed class StoreBusyException(LockOwner owner, string folder) : IOException(
    string.Create(CultureInfo.InvariantCulture,
        $"another gaplab (pid {owner.Pid}, host {owner.Host}) is writing to {folder} since {owner.StartedUtc:yyyy-MM-dd HH:mm:ss} UTC; use --shard or another --out"))
{
    public LockOwner Owner { get; } = owner;
}

using GapLab.Tests.Shared;
using System.Diagnostics;
using System.Globalization;
using GapLab.Store;

namespace GapLab.Core.Tests.Store;

public sealed class StoreLockTests
{
    static string TempDir() => Directory.CreateTempSubdirectory("gaplab-lock-").FullName;

    static string LockFile(string dir) => Path.Combine(dir, StoreLock.FileName);

    /// <summary>The pid of a process that has exited (so no process has it now, barring reuse within the test).</summary>
    static int DeadPid()
    {
        using var p = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
        p.WaitForExit();
        return p.Id;
    }

    static void WriteLock(string dir, int pid, string host, DateTime started) =>
        File.WriteAllText(LockFile(dir), string.Create(CultureInfo.InvariantCulture, $"pid={pid}\nhost={host}\nstarted_utc={started:O}\ncommand=gaplab run\n"));

    [Fact]
    public void The_lock_records_pid_host_and_start_and_is_removed_on_dispose()
    {
        var dir = TempDir();
        using (var held = StoreLock.Acquire(dir, "gaplab run --out x"))
        {
            var text = File.ReadAllText(LockFile(dir));
            Assert.Contains($"pid={Environment.ProcessId}\n", text);
            Assert.Contains($"host={Environment.MachineName}\n", text);
            Assert.Contains("command=gaplab run --out x\n", text);
        }
        Assert.False(File.Exists(LockFile(dir)));
    }

    [Fact]
    public void A_live_holder_stops_a_second_writer_with_one_line_naming_it()
    {
        var dir = TempDir();
        using var held = StoreLock.Acquire(dir, "first");
        var ex = Assert.Throws<StoreBusyException>(() => StoreLock.Acquire(dir, "second"));
        Assert.StartsWith($"another gaplab (pid {Environment.ProcessId}, host {Environment.MachineName}) is writing to {dir} since ", ex.Message);
        Assert.EndsWith("UTC; use --shard or another --out", ex.Message);
        Assert.DoesNotContain('\n', ex.Message);
        Assert.IsAssignableFrom<IOException>(ex); // the CLI's one-line, exit code 2 path
    }

    [RequiresFact(Requirement.Linux)] // `true` as a short-lived child
    public void A_lock_of_a_dead_process_on_this_host_is_taken_over()
    {
        var dir = TempDir();
        int dead = DeadPid();
        WriteLock(dir, dead, Environment.MachineName, DateTime.UtcNow.AddMinutes(-5));
        using (var held = StoreLock.Acquire(dir, "after kill -9"))
            Assert.Contains($"pid={Environment.ProcessId}\n", File.ReadAllText(LockFile(dir)));
        Assert.Empty(Directory.GetFiles(dir)); // the stale file moved aside was deleted, ours on dispose
    }

    [Fact]
    public void A_reused_pid_that_started_after_the_lock_does_not_keep_it()
    {
        var dir = TempDir();
        // this test process started before now; a lock "taken" a day before it started cannot be its own
        WriteLock(dir, Environment.ProcessId, Environment.MachineName, Process.GetCurrentProcess().StartTime.ToUniversalTime().AddDays(-1));
        using var held = StoreLock.Acquire(dir, "new");
        Assert.Contains("command=new", File.ReadAllText(LockFile(dir)));
    }

    [Fact]
    public void A_lock_from_another_host_is_never_taken_over()
    {
        var dir = TempDir();
        WriteLock(dir, 1, "some-other-host", DateTime.UtcNow.AddHours(-3));
        var ex = Assert.Throws<StoreBusyException>(() => StoreLock.Acquire(dir, "x"));
        Assert.Contains("(pid 1, host some-other-host)", ex.Message);
        Assert.True(File.Exists(LockFile(dir)));
    }
}

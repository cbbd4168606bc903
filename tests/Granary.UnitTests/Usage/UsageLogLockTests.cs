using Granary.Usage;

namespace Granary.UnitTests.Usage;

/// <summary>
/// Which usage logs beside a silo's own are orphans to ship and delete: only those no process holds, and never one
/// whose lock file is younger than the grace, since a silo starting now creates its lock file a moment before it locks it.
/// </summary>
public sealed class UsageLogLockTests : IDisposable
{
    private static readonly DateTime Now = new(2026, 11, 30, 18, 0, 0, DateTimeKind.Utc);

    private readonly string _root = Path.Combine(Path.GetTempPath(), "granary-unit", Guid.NewGuid().ToString("N"));

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void A_log_whose_lock_file_is_younger_than_the_grace_is_not_an_orphan_and_an_older_unheld_one_is()
    {
        var own = Log("silo-1", Now - TimeSpan.FromMinutes(5));
        var dead = Log("silo-dead", Now - UsageLogLock.OrphanGrace - TimeSpan.FromSeconds(1));
        Log("silo-starting", Now - UsageLogLock.OrphanGrace + TimeSpan.FromSeconds(1));

        var orphans = UsageLogLock.Orphans(_root, own, Now).ToList();
        try
        {
            Assert.Equal([dead], orphans.Select(o => o.Directory));
        }
        finally
        {
            orphans.ForEach(o => o.Lock.Dispose());
        }
    }

    [Fact]
    public void A_log_another_holder_has_locked_is_not_an_orphan_however_old()
    {
        var own = Log("silo-1", Now - TimeSpan.FromMinutes(5));
        var live = Log("silo-2", Now - TimeSpan.FromMinutes(5));
        using var held = UsageLogLock.Take(live);
        File.SetLastWriteTimeUtc(Path.Combine(live, ".lock"), Now - TimeSpan.FromMinutes(5));

        Assert.Empty(UsageLogLock.Orphans(_root, own, Now));
    }

    private string Log(string silo, DateTime lockWrittenUtc)
    {
        var directory = Path.Combine(_root, silo);
        Directory.CreateDirectory(directory);
        var lockFile = Path.Combine(directory, ".lock");
        File.WriteAllBytes(lockFile, []);
        File.SetLastWriteTimeUtc(lockFile, lockWrittenUtc);
        return directory;
    }
}

namespace Granary.Usage;

/// <summary>
/// Who owns a usage log directory: the process holding its <c>.lock</c> file open exclusively (an OS file
/// lock, released when the process dies, SIGKILL included). A live silo's log is never read by another.
/// </summary>
public static class UsageLogLock
{
    private const string LockFile = ".lock";

    /// <summary>
    /// How long a log's lock file must have existed before its log can be an orphan: a starting silo creates the file
    /// a moment before it locks it, and a log younger than this may be one whose silo is starting now.
    /// </summary>
    public static readonly TimeSpan OrphanGrace = TimeSpan.FromSeconds(10);

    /// <summary>Takes the directory for this silo; a second silo with the same name and state path is refused.</summary>
    public static FileStream Take(string directory) =>
        TryTake(directory) ?? throw new IOException(
            $"another running silo holds the usage log {directory}; give each silo on one state path its own Granary:Orleans:SiloName");

    /// <summary>The directory's lock, or null while another process holds it.</summary>
    public static FileStream? TryTake(string directory)
    {
        try
        {
            return new FileStream(Path.Combine(directory, LockFile), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>
    /// The logs under <paramref name="root"/> that no live silo owns (left by a silo that has not come back,
    /// such as one whose name was generated), each with its lock now held by the caller. A log whose lock file is
    /// younger than <see cref="OrphanGrace"/> at <paramref name="nowUtc"/> is left alone.
    /// </summary>
    public static IEnumerable<(string Directory, FileStream Lock)> Orphans(string root, string own, DateTime nowUtc)
    {
        foreach (var directory in System.IO.Directory.EnumerateDirectories(root))
        {
            var lockFile = Path.Combine(directory, LockFile);
            var isLog = File.Exists(lockFile) && nowUtc - File.GetLastWriteTimeUtc(lockFile) >= OrphanGrace;
            if (isLog && Path.GetFullPath(directory) != Path.GetFullPath(own) && TryTake(directory) is { } held)
            {
                yield return (directory, held);
            }
        }
    }
}

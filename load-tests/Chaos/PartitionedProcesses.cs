using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Granary.LoadTests.Chaos;

/// <summary>
/// The silo processes cut off from the others, and whether a connection into any proxy comes from one of them.
/// Orleans uses a connection in both directions, so blackholing a silo's own ports is not enough: the connections it
/// opened to the others must stall too. They all come from 127.0.0.1, so the owner is found as the kernel knows it:
/// the socket's inode in /proc/net/tcp, among the cut process's file descriptors (Linux, own child processes, no root).
/// </summary>
public sealed class PartitionedProcesses
{
    private volatile int[] _cut = [];

    public bool Any => _cut.Length > 0;

    public void Cut(int processId) => _cut = [.. _cut, processId];

    public void HealAll() => _cut = [];

    /// <summary>Whether the process at the far end of a connection a proxy accepted is cut off.</summary>
    public bool IsFromCut(Socket accepted)
    {
        var cut = _cut;
        if (cut.Length == 0 || accepted.RemoteEndPoint is not IPEndPoint remote || accepted.LocalEndPoint is not IPEndPoint local)
        {
            return false;
        }

        try
        {
            return SocketInode(remote.Port, local.Port) is { } inode && cut.Any(pid => Holds(pid, inode));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>The inode of the IPv4 socket from <paramref name="localPort"/> to <paramref name="remotePort"/>, as /proc/net/tcp lists it.</summary>
    private static string? SocketInode(int localPort, int remotePort)
    {
        var local = localPort.ToString("X4", CultureInfo.InvariantCulture);
        var remote = remotePort.ToString("X4", CultureInfo.InvariantCulture);
        foreach (var line in File.ReadLines("/proc/net/tcp").Skip(1))
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length > 9 && fields[1].EndsWith(":" + local, StringComparison.Ordinal) && fields[2].EndsWith(":" + remote, StringComparison.Ordinal))
            {
                return fields[9];
            }
        }

        return null;
    }

    private static bool Holds(int processId, string inode)
    {
        var target = $"socket:[{inode}]";
        foreach (var descriptor in Directory.EnumerateFiles($"/proc/{processId.ToString(CultureInfo.InvariantCulture)}/fd"))
        {
            if (new FileInfo(descriptor).LinkTarget == target)
            {
                return true;
            }
        }

        return false;
    }
}

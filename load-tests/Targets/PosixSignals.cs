using System.Runtime.InteropServices;

namespace Granary.LoadTests.Targets;

/// <summary>SIGTERM, which .NET's Process cannot send: it lets a server's host stop gracefully.</summary>
internal static partial class PosixSignals
{
    private const int SigTerm = 15;

    /// <summary>True when the signal was delivered.</summary>
    public static bool Terminate(int processId) => Kill(processId, SigTerm) == 0;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int processId, int signal);
}

using System.Diagnostics;

namespace Granary.LoadTests.Load;

/// <summary>
/// CPU time (user and system, all threads) of a set of processes, read from the OS: what a step's requests cost the
/// server, and what they cost this load generator, independent of how busy the rest of the machine was.
/// </summary>
public sealed class ProcessCpu(IReadOnlyList<int> processIds)
{
    public static ProcessCpu Self { get; } = new([Environment.ProcessId]);

    /// <summary>The processes' CPU time so far; a process that has exited counts nothing.</summary>
    public TimeSpan Read()
    {
        var total = TimeSpan.Zero;
        foreach (var id in processIds)
        {
            try
            {
                using var process = Process.GetProcessById(id);
                total += process.TotalProcessorTime;
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException)
            {
            }
        }

        return total;
    }
}

using System.Globalization;

namespace Granary.LoadTests.Abuse;

/// <summary>A Linux process's resident memory and CPU time, read from /proc.</summary>
public readonly record struct SiloUsage(long RssKiB, TimeSpan Cpu)
{
    public static SiloUsage Of(int pid)
    {
        var rss = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        var kib = long.Parse(rss.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);

        // Fields after the parenthesised command name; utime and stime are the 14th and 15th of the line, in clock ticks (100 per second on Linux).
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return new SiloUsage(kib, TimeSpan.FromSeconds(ticks / 100.0));
    }
}

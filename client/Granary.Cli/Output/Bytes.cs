using System.Globalization;

namespace Granary.Cli.Output;

internal static class Bytes
{
    public static string GiB(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 30):0.0} GiB");
}

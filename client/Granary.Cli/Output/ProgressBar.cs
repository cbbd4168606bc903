using System.Globalization;

namespace Granary.Cli.Output;

/// <summary>A one-line progress bar, redrawn in place: <c>[#######.............]  35%  1.2/3.4 MiB</c>.</summary>
internal sealed class ProgressBar(TextWriter writer, long total)
{
    private const int Width = 30;

    private int _lastPercent = -1;

    public void Show(long done)
    {
        var percent = total == 0 ? 100 : (int)(done * 100 / total);
        if (percent == _lastPercent)
        {
            return;
        }

        _lastPercent = percent;
        var filled = percent * Width / 100;
        writer.Write(string.Create(CultureInfo.InvariantCulture,
            $"\r[{new string('#', filled)}{new string('.', Width - filled)}] {percent,3}%  {done / 1048576.0:0.0}/{total / 1048576.0:0.0} MiB"));
    }

    public void Done()
    {
        Show(total);
        writer.WriteLine();
    }
}

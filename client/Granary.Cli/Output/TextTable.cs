namespace Granary.Cli.Output;

/// <summary>A plain-text table: a header row and left-aligned columns as wide as their widest cell.</summary>
internal sealed class TextTable(params string[] headers)
{
    private const string Gap = "  ";

    private readonly List<string[]> _rows = [];

    public void Add(params string[] cells)
    {
        if (cells.Length != headers.Length)
        {
            throw new ArgumentException($"A row needs {headers.Length} cells, got {cells.Length}.", nameof(cells));
        }

        _rows.Add(cells);
    }

    public void Write(TextWriter writer, string indent = "")
    {
        var widths = headers.Select(h => h.Length).ToArray();
        foreach (var row in _rows)
        {
            for (var i = 0; i < row.Length; i++)
            {
                widths[i] = Math.Max(widths[i], row[i].Length);
            }
        }

        WriteRow(writer, indent, headers, widths);
        foreach (var row in _rows)
        {
            WriteRow(writer, indent, row, widths);
        }
    }

    private static void WriteRow(TextWriter writer, string indent, string[] cells, int[] widths)
    {
        // The last column is not padded, so long descriptions do not leave trailing spaces.
        var padded = cells.Select((cell, i) => i == cells.Length - 1 ? cell : cell.PadRight(widths[i]));
        writer.WriteLine(indent + string.Join(Gap, padded));
    }
}

namespace Granary.Cli.Inputs;

/// <summary>One <c>--input</c> value, <c>NAME=@file.json</c> or <c>NAME=&lt;json&gt;</c>, with the JSON text it names.</summary>
internal sealed record InputArgument(string Name, string Json, string Origin)
{
    public static InputArgument Parse(string argument)
    {
        var separator = argument.IndexOf('=', StringComparison.Ordinal);
        if (separator < 1)
        {
            throw new CommandInputException($"--input '{argument}' is not NAME=@file.json or NAME=<json array>.");
        }

        var name = argument[..separator];
        var value = argument[(separator + 1)..];
        if (!value.StartsWith('@'))
        {
            return new InputArgument(name, value, $"--input {name}");
        }

        var path = value[1..];
        try
        {
            return new InputArgument(name, File.ReadAllText(path), path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CommandInputException($"input '{name}': cannot read {path}: {e.Message}", e);
        }
    }
}

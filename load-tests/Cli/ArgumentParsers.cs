using System.CommandLine.Parsing;
using System.Globalization;
using Granary.Models.Synthesis;

namespace Granary.LoadTests.Cli;

/// <summary>Parsers for the option values that are more than one number.</summary>
public static class ArgumentParsers
{
    /// <summary><c>1,4,16</c>: positive integers, comma separated.</summary>
    public static int[] PositiveIntegers(ArgumentResult result)
    {
        var values = new List<int>();
        foreach (var token in result.Tokens)
        {
            foreach (var part in token.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < 1)
                {
                    result.AddError($"'{part}' is not a positive integer; give a list such as 1,4,16.");
                    return [];
                }

                values.Add(value);
            }
        }

        return [.. values];
    }

    /// <summary><c>256x4x1024x10</c>: inputs x layers x hidden units x outputs.</summary>
    public static MlpSpec MlpSize(ArgumentResult result)
    {
        var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
        if (!ModelSize.TryParse(text, out var spec))
        {
            result.AddError($"'{text}' is not a model size; give inputs x layers x hidden x outputs, such as 256x4x1024x10.");
        }

        return spec;
    }
}

using System.Globalization;
using Granary.Models.Synthesis;

namespace Granary.LoadTests;

/// <summary>An MLP's size written as <c>inputs x layers x hidden x outputs</c>, e.g. <c>256x4x1024x10</c>.</summary>
public static class ModelSize
{
    public static bool TryParse(string text, out MlpSpec spec)
    {
        spec = MlpSpec.Benchmark;
        var parts = text.Split('x');
        if (parts.Length != 4)
        {
            return false;
        }

        var numbers = new int[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            if (!int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out numbers[i]))
            {
                return false;
            }
        }

        if (numbers is not [var inputs and > 0, var layers, var hidden and > 0, var outputs and > 0])
        {
            return false;
        }

        spec = new MlpSpec(Inputs: inputs, Hidden: hidden, Layers: layers, Outputs: outputs);
        return true;
    }

    public static string Format(MlpSpec spec) => $"{spec.Inputs}x{spec.Layers}x{spec.Hidden}x{spec.Outputs}";
}

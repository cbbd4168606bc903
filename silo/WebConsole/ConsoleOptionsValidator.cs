using Microsoft.Extensions.Options;

namespace Granary.Silo.WebConsole;

public sealed class ConsoleOptionsValidator : IValidateOptions<ConsoleOptions>
{
    /// <summary>Paths the silo already answers on; the console may not shadow them.</summary>
    private static readonly string[] Taken = ["/v1", "/v2", "/metrics", "/healthz"];

    public ValidateOptionsResult Validate(string? name, ConsoleOptions options)
    {
        var key = $"{ConsoleOptions.Section}:Path";
        var path = options.Path;
        if (path.Length < 2 || path[0] != '/' || path.EndsWith('/') || path.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '/' or '-' or '_')))
        {
            return ValidateOptionsResult.Fail($"{key} must be an absolute path such as /console: '/' then letters, digits, '-', '_' and '/', not ending in '/' (got '{path}')");
        }

        return Array.Exists(Taken, t => path.Equals(t, StringComparison.OrdinalIgnoreCase) || path.StartsWith(t + "/", StringComparison.OrdinalIgnoreCase))
            ? ValidateOptionsResult.Fail($"{key} '{path}' would shadow the silo's own {string.Join(", ", Taken)} routes; choose another path")
            : ValidateOptionsResult.Success;
    }
}

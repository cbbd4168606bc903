using System.Globalization;
using Granary.Protocol.V1;

namespace Granary.Cli.Commands;

/// <summary>How the CLI writes versions and traffic: shares as <c>v1=90</c> (or <c>1=90</c>), policies as <c>all</c>, <c>latest:N</c> or <c>specific:1,3</c>.</summary>
internal static class ModelVersionArguments
{
    public static IReadOnlyList<TrafficShare> ParseTraffic(IEnumerable<string> shares) => shares.Select(ParseShare).ToArray();

    public static VersionPolicy ParsePolicy(string text)
    {
        var (kind, value) = text.IndexOf(':') is var colon and >= 0 ? (text[..colon], text[(colon + 1)..]) : (text, "");
        return kind switch
        {
            "all" when value.Length == 0 => new VersionPolicy(),
            "latest" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var latest) && latest > 0 => new VersionPolicy { Latest = latest },
            "specific" when value.Split(',').All(IsVersion) => new VersionPolicy { Specific = { value.Split(',').Select(v => long.Parse(v, CultureInfo.InvariantCulture)) } },
            _ => throw new CommandInputException($"--versions '{text}': write all, latest:N (N 1 or more) or specific:1,3"),
        };
    }

    public static string Describe(VersionPolicy? policy) =>
        policy is null ? "all"
        : policy.Latest > 0 ? $"latest:{policy.Latest}"
        : policy.Specific.Count > 0 ? $"specific:{string.Join(',', policy.Specific)}"
        : "all";

    private static TrafficShare ParseShare(string share)
    {
        var parts = share.Split('=');
        var version = parts[0].StartsWith('v') ? parts[0][1..] : parts[0];
        return parts.Length == 2 && IsVersion(version) && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var percent)
            ? new TrafficShare { Version = long.Parse(version, CultureInfo.InvariantCulture), Percent = percent }
            : throw new CommandInputException($"traffic share '{share}': write VERSION=PERCENT, such as v1=90");
    }

    private static bool IsVersion(string text) => long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var version) && version > 0;
}

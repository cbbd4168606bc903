namespace Granary.Silo.Rest;

/// <summary>
/// The model a KServe v2 REST route names. A public model is one segment (<c>/v2/models/resnet/infer</c>); a tenant's
/// private model <c>acme/resnet</c> is two (<c>/v2/models/acme/resnet/infer</c>) or one with the slash escaped
/// (<c>/v2/models/acme%2Fresnet/infer</c>), as clients that quote the whole name send it. A private name whose second
/// part is <c>ready</c> or <c>versions</c> can read as a public model's route in the two-segment form; the escaped form
/// always reaches it.
/// </summary>
public static class ModelRoute
{
    private const string ModelKey = "model";
    private const string TenantKey = "tenant";
    private const string NameKey = "name";

    /// <summary>The route prefixes under <c>/v2</c> that name a model.</summary>
    public static IReadOnlyList<string> Templates { get; } = [$"/models/{{{ModelKey}}}", $"/models/{{{TenantKey}}}/{{{NameKey}}}"];

    /// <summary>The model name the matched route carries: <c>tenant/name</c> for a private model.</summary>
    public static string Name(HttpContext http) =>
        http.GetRouteValue(TenantKey) is string tenant
            ? $"{tenant}/{http.GetRouteValue(NameKey)}"
            : Unescape((string)http.GetRouteValue(ModelKey)!);

    /// <summary>The server leaves an escaped slash escaped in the path (every other escape is decoded before routing).</summary>
    private static string Unescape(string model) => model.Replace("%2F", "/", StringComparison.OrdinalIgnoreCase);
}

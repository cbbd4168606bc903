namespace Granary.LoadTests.Load;

/// <summary>How the benchmark's calls to Granary travel: gRPC ModelInfer, or KServe v2 REST with JSON or binary tensors.</summary>
public static class InferProtocol
{
    public const string Grpc = "grpc";
    public const string RestJson = "rest-json";
    public const string RestBinary = "rest-binary";

    public static readonly string[] All = [Grpc, RestJson, RestBinary];

    public static bool IsRest(string protocol) => protocol is RestJson or RestBinary;

    /// <summary>The protocol in words, for the report.</summary>
    public static string Describe(string protocol) => protocol switch
    {
        RestJson => "REST (KServe v2, JSON tensors)",
        RestBinary => "REST (KServe v2, binary tensor data)",
        _ => "gRPC ModelInfer",
    };
}

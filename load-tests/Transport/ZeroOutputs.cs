using System.Collections.Concurrent;
using Google.Protobuf;
using Granary.LoadTests.Targets;

namespace Granary.LoadTests.Transport;

/// <summary>
/// The model the transport server pretends to serve, and its answer: an all-zero output of the right shape,
/// built once per row count and shared, since a <see cref="ByteString"/> is immutable.
/// </summary>
public sealed class ZeroOutputs(ModelShape shape)
{
    private readonly ConcurrentDictionary<long, ByteString> _byRows = new();

    public ModelShape Shape { get; } = shape;

    public ByteString For(long rows) =>
        _byRows.GetOrAdd(rows, static (count, outputs) => ByteString.CopyFrom(new byte[count * outputs * sizeof(float)]), Shape.Outputs);
}

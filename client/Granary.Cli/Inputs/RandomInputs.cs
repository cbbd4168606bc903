using Granary.Inference;
using System.Text;
using Granary.Client;
using TensorMetadata = Granary.Protocol.Inference.ModelMetadataResponse.Types.TensorMetadata;

namespace Granary.Cli.Inputs;

/// <summary>
/// Random inputs shaped by the model's metadata. Integers are drawn from [0, 100) so that they stay valid indices for
/// lookup models such as the embedder; reals from [-1, 1).
/// </summary>
internal static class RandomInputs
{
    private const int OtherFreeDimension = 8;

    private const int IntegerRange = 100;

    public static IReadOnlyList<InferInput> For(IReadOnlyList<TensorMetadata> modelInputs, int rows, Random random) =>
        modelInputs.Select(input => Create(input.Name, input.Datatype, Concrete(input.Shape, rows), random)).ToArray();

    /// <summary>The first free (-1) dimension becomes <paramref name="rows"/>, later ones <see cref="OtherFreeDimension"/>.</summary>
    private static long[] Concrete(IEnumerable<long> modelShape, int rows)
    {
        var shape = modelShape.ToArray();
        var firstFree = true;
        for (var i = 0; i < shape.Length; i++)
        {
            if (shape[i] < 0)
            {
                shape[i] = firstFree ? rows : OtherFreeDimension;
                firstFree = false;
            }
        }

        return shape;
    }

    private static InferInput Create(string name, string datatype, long[] shape, Random random)
    {
        var count = checked((int)shape.Aggregate(1L, (product, dimension) => product * dimension));
        return datatype switch
        {
            Datatype.Bool => InferInput.Bool(name, Fill(count, () => random.Next(2) == 1), shape),
            Datatype.UInt8 => InferInput.UInt8(name, Fill(count, () => (byte)random.Next(IntegerRange)), shape),
            Datatype.UInt16 => InferInput.UInt16(name, Fill(count, () => (ushort)random.Next(IntegerRange)), shape),
            Datatype.UInt32 => InferInput.UInt32(name, Fill(count, () => (uint)random.Next(IntegerRange)), shape),
            Datatype.UInt64 => InferInput.UInt64(name, Fill(count, () => (ulong)random.Next(IntegerRange)), shape),
            Datatype.Int8 => InferInput.Int8(name, Fill(count, () => (sbyte)random.Next(IntegerRange)), shape),
            Datatype.Int16 => InferInput.Int16(name, Fill(count, () => (short)random.Next(IntegerRange)), shape),
            Datatype.Int32 => InferInput.Int32(name, Fill(count, () => random.Next(IntegerRange)), shape),
            Datatype.Int64 => InferInput.Int64(name, Fill(count, () => (long)random.Next(IntegerRange)), shape),
            Datatype.Fp16 => InferInput.Fp16(name, Fill(count, () => (Half)Real(random)), shape),
            Datatype.Fp32 => InferInput.Fp32(name, Fill(count, () => (float)Real(random)), shape),
            Datatype.Fp64 => InferInput.Fp64(name, Fill(count, () => Real(random)), shape),
            Datatype.Bytes => InferInput.Bytes(name, Fill(count, () => Encoding.UTF8.GetBytes($"granary-{random.Next(IntegerRange)}")), shape),
            _ => throw new CommandInputException($"input '{name}' is {datatype}, which --random cannot generate; pass it with --input."),
        };
    }

    private static double Real(Random random) => random.NextDouble() * 2 - 1;

    private static T[] Fill<T>(int count, Func<T> next)
    {
        var values = new T[count];
        for (var i = 0; i < count; i++)
        {
            values[i] = next();
        }

        return values;
    }
}

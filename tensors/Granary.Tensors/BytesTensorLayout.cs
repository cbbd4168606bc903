using System.Buffers.Binary;

namespace Granary.Inference;

/// <summary>The raw layout of BYTES tensors: each element is a 4-byte little-endian length then its bytes.</summary>
public static class BytesTensorLayout
{
    /// <summary>Counts the elements in <paramref name="data"/>, or returns -1 when a length runs past the end.</summary>
    public static long CountElements(ReadOnlySpan<byte> data)
    {
        long count = 0;
        while (!data.IsEmpty)
        {
            if (data.Length < 4)
            {
                return -1;
            }

            var length = BinaryPrimitives.ReadUInt32LittleEndian(data);
            if (length > (uint)(data.Length - 4))
            {
                return -1;
            }

            data = data[(4 + (int)length)..];
            count++;
        }

        return count;
    }

    /// <summary>The byte offset of each element's length prefix, plus the end offset as the last entry.</summary>
    public static int[] ElementOffsets(ReadOnlySpan<byte> data, long count)
    {
        var offsets = new int[count + 1];
        var position = 0;
        for (var i = 0; i < count; i++)
        {
            offsets[i] = position;
            position += 4 + (int)BinaryPrimitives.ReadUInt32LittleEndian(data[position..]);
        }

        offsets[count] = position;
        return offsets;
    }

    public static void WriteElement(Stream destination, ReadOnlySpan<byte> element)
    {
        Span<byte> prefix = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(prefix, (uint)element.Length);
        destination.Write(prefix);
        destination.Write(element);
    }
}

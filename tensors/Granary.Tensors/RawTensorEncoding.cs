using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Granary.Inference;

/// <summary>
/// The protocol's raw tensor layout: fixed-size elements little-endian and packed, BYTES elements each a 4-byte
/// little-endian length followed by the bytes.
/// </summary>
public static class RawTensorEncoding
{
    public static byte[] Encode<T>(ReadOnlySpan<T> values) where T : unmanaged
    {
        EnsureLittleEndian();
        return MemoryMarshal.AsBytes(values).ToArray();
    }

    public static T[] Decode<T>(string name, ReadOnlySpan<byte> raw) where T : unmanaged
    {
        EnsureLittleEndian();
        var size = Unsafe.SizeOf<T>();
        if (raw.Length % size != 0)
        {
            throw new TensorFormatException($"tensor '{name}' has {raw.Length} bytes, not a whole number of {size}-byte elements", name);
        }

        return MemoryMarshal.Cast<byte, T>(raw).ToArray();
    }

    public static byte[] EncodeBool(ReadOnlySpan<bool> values)
    {
        var raw = new byte[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            raw[i] = values[i] ? (byte)1 : (byte)0;
        }

        return raw;
    }

    public static bool[] DecodeBool(ReadOnlySpan<byte> raw)
    {
        var values = new bool[raw.Length];
        for (var i = 0; i < raw.Length; i++)
        {
            values[i] = raw[i] != 0;
        }

        return values;
    }

    public static byte[] EncodeBytes(IReadOnlyList<byte[]> elements)
    {
        var total = 0;
        foreach (var element in elements)
        {
            total = checked(total + 4 + element.Length);
        }

        var raw = new byte[total];
        var position = 0;
        foreach (var element in elements)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(raw.AsSpan(position), (uint)element.Length);
            element.CopyTo(raw.AsSpan(position + 4));
            position += 4 + element.Length;
        }

        return raw;
    }

    public static byte[][] DecodeBytes(string name, ReadOnlySpan<byte> raw)
    {
        var elements = new List<byte[]>();
        var position = 0;
        while (position < raw.Length)
        {
            if (raw.Length - position < 4)
            {
                throw new TensorFormatException($"BYTES tensor '{name}' ends inside an element's length prefix at byte {position}", name);
            }

            var length = BinaryPrimitives.ReadUInt32LittleEndian(raw[position..]);
            if (length > (uint)(raw.Length - position - 4))
            {
                throw new TensorFormatException($"BYTES tensor '{name}' has an element of {length} bytes at byte {position}, past its end", name);
            }

            elements.Add(raw.Slice(position + 4, (int)length).ToArray());
            position += 4 + (int)length;
        }

        return [.. elements];
    }

    // Reinterpreting memory is the protocol's layout only on little-endian hosts, which is every host .NET ships for
    // but s390x; failing there is better than sending byte-swapped tensors.
    private static void EnsureLittleEndian()
    {
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("Granary encodes tensors on little-endian hosts only.");
        }
    }
}

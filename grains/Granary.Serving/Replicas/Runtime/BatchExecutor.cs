using System.Buffers;
using System.Diagnostics;
using Granary.Inference;
using Granary.Models;
using Microsoft.ML.OnnxRuntime;
using TensorElementType = Microsoft.ML.OnnxRuntime.Tensors.TensorElementType;

namespace Granary.Replicas.Runtime;

/// <summary>
/// Runs one batch through the session: stacks the requests' inputs along the first dimension (no copy
/// for a batch of one), runs ONNX Runtime once, and hands each caller its slice of every output.
/// Runs on a replica worker thread.
/// </summary>
internal sealed class BatchExecutor(
    InferenceSession session, ModelVersionDescriptor version, StatisticsRecorder statistics, string replicaId, BatchTelemetry telemetry)
{
    private readonly string[] _inputNames = version.Inputs.Select(i => i.Name).ToArray();
    private readonly string[] _outputNames = version.Outputs.Select(o => o.Name).ToArray();
    private readonly RunOptions _runOptions = new();

    public void Execute(IReadOnlyList<PendingInference> batch)
    {
        try
        {
            Run(batch);
        }
        catch (OnnxRuntimeException e) when (batch.Count > 1 && OnnxFailure.IsCausedByInput(e))
        {
            // One bad request (say, an id outside the vocabulary) must not fail the others it was stacked with.
            foreach (var pending in batch)
            {
                Execute([pending]);
            }
        }
        catch (OnnxRuntimeException e)
        {
            foreach (var pending in batch)
            {
                Fail(pending, OnnxFailure.ForCaller(e, pending.Request.Model));
            }
        }
        catch (Exception e)
        {
            foreach (var pending in batch)
            {
                Fail(pending, e);
            }
        }
    }

    public void Fail(PendingInference pending, Exception error)
    {
        statistics.OnRequestCompleted(pending.EnqueuedAt, succeeded: false);
        pending.Fail(error);
    }

    private void Run(IReadOnlyList<PendingInference> batch)
    {
        using var batchSpan = telemetry.OnBatchStarted(batch);
        var started = Stopwatch.GetTimestamp();
        var totalRows = 0;
        long queueNs = 0;
        foreach (var pending in batch)
        {
            totalRows += pending.Rows;
            queueNs += StatisticsRecorder.ToNs(started - pending.EnqueuedAt);
        }

        var inputs = new OrtValue[_inputNames.Length];
        var pins = new MemoryHandle[_inputNames.Length];
        var rented = new byte[]?[_inputNames.Length];
        try
        {
            for (var k = 0; k < inputs.Length; k++)
            {
                inputs[k] = StackInput(batch, k, totalRows, ref pins[k], ref rented[k]);
            }

            var stacked = Stopwatch.GetTimestamp();
            using var results = session.Run(_runOptions, _inputNames, inputs, _outputNames);
            var ran = Stopwatch.GetTimestamp();
            var outputs = new Tensor[batch.Count][];
            for (var r = 0; r < batch.Count; r++)
            {
                outputs[r] = new Tensor[_outputNames.Length];
            }

            for (var j = 0; j < _outputNames.Length; j++)
            {
                SplitOutput(batch, j, results[j], outputs);
            }

            var split = Stopwatch.GetTimestamp();
            statistics.OnBatchExecuted(totalRows, batch.Count, queueNs, stacked - started, ran - stacked, split - ran);
            var computeUs = StatisticsRecorder.ToNs(split - started) / 1000;
            for (var r = 0; r < batch.Count; r++)
            {
                var queueUs = StatisticsRecorder.ToNs(started - batch[r].EnqueuedAt) / 1000;
                telemetry.OnRequestRan(batch[r], batchSpan);
                Complete(batch[r], outputs[r], new RunCost(queueUs, computeUs, batch.Count));
            }
        }
        finally
        {
            for (var k = 0; k < inputs.Length; k++)
            {
                inputs[k]?.Dispose();
                pins[k].Dispose();
                if (rented[k] is { } array)
                {
                    ArrayPool<byte>.Shared.Return(array);
                }
            }
        }
    }

    private OrtValue StackInput(IReadOnlyList<PendingInference> batch, int k, int totalRows, ref MemoryHandle pin, ref byte[]? rented)
    {
        var spec = version.Inputs[k];
        var shape = (long[])batch[0].Request.Inputs[k].Shape.Clone();
        if (batch.Count > 1)
        {
            shape[0] = totalRows;
        }

        if (spec.Datatype == Datatype.Bytes)
        {
            return StackStrings(batch, k, shape);
        }

        ReadOnlyMemory<byte> data;
        if (batch.Count == 1)
        {
            data = batch[0].Request.Inputs[k].Data;
        }
        else
        {
            var length = 0;
            foreach (var pending in batch)
            {
                length += pending.Request.Inputs[k].Data.Length;
            }

            rented = ArrayPool<byte>.Shared.Rent(length);
            var offset = 0;
            foreach (var pending in batch)
            {
                var part = pending.Request.Inputs[k].Data.Span;
                part.CopyTo(rented.AsSpan(offset));
                offset += part.Length;
            }

            data = rented.AsMemory(0, length);
        }

        pin = data.Pin();
        unsafe
        {
            return OrtValue.CreateTensorValueWithData(
                OrtMemoryInfo.DefaultInstance, (TensorElementType)Datatype.OnnxType(spec.Datatype), shape, (IntPtr)pin.Pointer, data.Length);
        }
    }

    private static OrtValue StackStrings(IReadOnlyList<PendingInference> batch, int k, long[] shape)
    {
        var value = OrtValue.CreateTensorWithEmptyStrings(OrtAllocator.DefaultInstance, shape);
        var index = 0;
        foreach (var pending in batch)
        {
            var data = pending.Request.Inputs[k].Data.Span;
            var position = 0;
            while (position < data.Length)
            {
                var length = (int)System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(data[position..]);
                value.StringTensorSetElementAt(data.Slice(position + 4, length), index++);
                position += 4 + length;
            }
        }

        return value;
    }

    private void SplitOutput(IReadOnlyList<PendingInference> batch, int j, OrtValue value, Tensor[][] outputs)
    {
        var spec = version.Outputs[j];
        var info = value.GetTensorTypeAndShape();
        var shape = info.Shape;
        var elementCount = info.ElementCount;
        var rowElements = batch.Count == 1 || shape.Length == 0 || shape[0] == 0 ? elementCount : elementCount / shape[0];
        if (spec.Datatype == Datatype.Bytes)
        {
            var element = 0L;
            for (var r = 0; r < batch.Count; r++)
            {
                var count = batch.Count == 1 ? elementCount : rowElements * batch[r].Rows;
                using var buffer = new MemoryStream();
                for (var e = 0; e < count; e++)
                {
                    BytesTensorLayout.WriteElement(buffer, value.GetStringElementAsSpan((int)element++));
                }

                outputs[r][j] = new Tensor(spec.Name, spec.Datatype, RowShape(shape, batch, r), buffer.ToArray());
            }

            return;
        }

        var all = value.GetTensorMutableRawData().ToArray();
        var rowBytes = elementCount == 0 ? 0 : all.Length / elementCount * rowElements;
        var offset = 0;
        for (var r = 0; r < batch.Count; r++)
        {
            var length = batch.Count == 1 ? all.Length : (int)(rowBytes * batch[r].Rows);
            outputs[r][j] = new Tensor(spec.Name, spec.Datatype, RowShape(shape, batch, r), new ReadOnlyMemory<byte>(all, offset, length));
            offset += length;
        }

    }

    private static long[] RowShape(long[] shape, IReadOnlyList<PendingInference> batch, int r)
    {
        if (batch.Count == 1)
        {
            return shape;
        }

        var rowShape = (long[])shape.Clone();
        rowShape[0] = batch[r].Rows;
        return rowShape;
    }

    /// <summary>What one request's run took, carried back on its response for the usage ledger.</summary>
    private readonly record struct RunCost(long QueueMicroseconds, long ComputeMicroseconds, int BatchSize);

    private void Complete(PendingInference pending, Tensor[] all, RunCost cost)
    {
        var requested = pending.Request.RequestedOutputs;
        Tensor[] outputs;
        if (requested.Count == 0)
        {
            outputs = all;
        }
        else
        {
            outputs = new Tensor[requested.Count];
            for (var i = 0; i < requested.Count; i++)
            {
                outputs[i] = all[Array.IndexOf(_outputNames, requested[i])];
            }
        }

        statistics.OnRequestCompleted(pending.EnqueuedAt, succeeded: true);
        pending.Succeed(new InferenceResponse(outputs, replicaId)
        {
            QueueMicroseconds = cost.QueueMicroseconds,
            ComputeMicroseconds = cost.ComputeMicroseconds,
            BatchSize = cost.BatchSize,
        });
    }
}

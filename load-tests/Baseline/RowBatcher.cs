using System.Threading.Channels;
using Granary.LoadTests.Targets;
using Microsoft.ML.OnnxRuntime;

namespace Granary.LoadTests.Baseline;

/// <summary>
/// One ONNX Runtime session behind one queue. Each of <see cref="Workers"/> threads takes every request waiting, up to
/// <see cref="MaxBatchRows"/> rows, without waiting for more, runs them as one batch and answers each. The settings match
/// Granary's benchmark deployment (2 instances × 1 intra-op thread, batches of at most 64 rows, no queue delay) and are
/// fixed: this is the baseline, not something to tune.
/// </summary>
public sealed class RowBatcher : IDisposable
{
    public const int MaxBatchRows = 64;
    public const int Workers = 2;

    private readonly Channel<PendingRows> _queue = Channel.CreateUnbounded<PendingRows>();
    private readonly InferenceSession _session;
    private readonly Thread[] _threads;

    public RowBatcher(string modelFile, ModelShape shape)
    {
        Shape = shape;
        using var options = new Microsoft.ML.OnnxRuntime.SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1, ExecutionMode = ExecutionMode.ORT_SEQUENTIAL };
        _session = new InferenceSession(modelFile, options);
        _threads = [.. Enumerable.Range(0, Workers).Select(i => new Thread(Work) { IsBackground = true, Name = $"batcher-{i}" })];
        foreach (var thread in _threads)
        {
            thread.Start();
        }
    }

    public ModelShape Shape { get; }

    public Task<float[]> InferAsync(float[] input, int rows)
    {
        var pending = new PendingRows(input, rows);
        return _queue.Writer.TryWrite(pending) ? pending.Answer.Task : Task.FromException<float[]>(new ObjectDisposedException(nameof(RowBatcher)));
    }

    public void Dispose()
    {
        _queue.Writer.TryComplete();
        foreach (var thread in _threads)
        {
            thread.Join();
        }

        _session.Dispose();
    }

    private void Work()
    {
        var batch = new List<PendingRows>(MaxBatchRows);
        using var runOptions = new RunOptions();
        while (_queue.Reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
        {
            var rows = 0;
            while (_queue.Reader.TryPeek(out var next) && (batch.Count == 0 || rows + next.Rows <= MaxBatchRows) && _queue.Reader.TryRead(out next))
            {
                batch.Add(next);
                rows += next.Rows;
            }

            if (batch.Count > 0)
            {
                Run(batch, rows, runOptions);
                batch.Clear();
            }
        }
    }

    private void Run(List<PendingRows> batch, int rows, RunOptions runOptions)
    {
        try
        {
            var input = new float[rows * Shape.Inputs];
            var offset = 0;
            foreach (var pending in batch)
            {
                pending.Input.CopyTo(input, offset);
                offset += pending.Input.Length;
            }

            var output = new float[rows * Shape.Outputs];
            using var inputValue = OrtValue.CreateTensorValueFromMemory(input, [rows, Shape.Inputs]);
            using var outputValue = OrtValue.CreateTensorValueFromMemory(output, [rows, Shape.Outputs]);
            _session.Run(runOptions, [Shape.InputName], [inputValue], [Shape.OutputName], [outputValue]);
            offset = 0;
            foreach (var pending in batch)
            {
                var length = pending.Rows * Shape.Outputs;
                pending.Answer.SetResult(output.AsSpan(offset, length).ToArray());
                offset += length;
            }
        }
        catch (Exception e) when (e is OnnxRuntimeException or ArgumentException)
        {
            foreach (var pending in batch)
            {
                pending.Answer.TrySetException(e);
            }
        }
    }

    private sealed record PendingRows(float[] Input, int Rows)
    {
        public TaskCompletionSource<float[]> Answer { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}

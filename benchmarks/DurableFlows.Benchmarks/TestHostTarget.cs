using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace DurableFlows.Benchmarks;

/// <summary>The anchor: Microsoft's in-process test host (its own sidecar over its in-memory store).</summary>
internal sealed class TestHostTarget : IBenchmarkTarget
{
    private DurableTaskTestHost? _host;

    public string Name => "testhost (anchor)";

    public async Task<DurableTaskClient> StartAsync(Action<DurableTaskRegistry> register, CancellationToken cancellationToken)
    {
        _host = await DurableTaskTestHost.StartAsync(register, new DurableTaskTestHostOptions { LoggerFactory = NullLoggerFactory.Instance }, cancellationToken).ConfigureAwait(false);
        return _host.Client;
    }

    public async ValueTask DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync().ConfigureAwait(false);
        }
    }
}

using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace DurableFlows.Emulator.Tests;

public sealed class EnforcementFallbackTests
{
    [Fact]
    public async Task Without_writable_cgroups_the_emulator_says_so_and_watches_memory_instead()
    {
        var provider = new RecordingLoggerProvider();
        using var loggerFactory = LoggerFactory.Create(logging => logging.AddProvider(provider).SetMinimumLevel(LogLevel.Information));
        var missingRoot = Path.Combine(Path.GetTempPath(), $"no-cgroups-{Guid.NewGuid():N}");
        await using var emulator = new EcsEmulator(new EcsEmulatorOptions { CgroupRoot = missingRoot }, loggerFactory);

        var address = await emulator.StartAsync("http://127.0.0.1:0");

        Assert.Equal(ResourceEnforcement.MemoryWatch, emulator.Enforcement);
        var warning = Assert.Single(provider.Entries, entry => entry.Id == 2);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains(missingRoot, warning.Message, StringComparison.Ordinal);
        Assert.Contains("cpu is not limited", warning.Message, StringComparison.Ordinal);
        var started = Assert.Single(provider.Entries, entry => entry.Id == 1);
        Assert.Contains(address.ToString().TrimEnd('/'), started.Message, StringComparison.Ordinal);
        Assert.Contains("memory watch", started.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Enforcement_Cgroups_refuses_to_start_without_them()
    {
        await using var emulator = new EcsEmulator(new EcsEmulatorOptions
        {
            CgroupRoot = Path.Combine(Path.GetTempPath(), $"no-cgroups-{Guid.NewGuid():N}"),
            Enforcement = ResourceEnforcement.Cgroups,
        });

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => emulator.StartAsync("http://127.0.0.1:0"));

        Assert.Contains("Enforcement = Cgroups", error.Message, StringComparison.Ordinal);
    }

    private sealed class RecordingLoggerProvider : ILoggerProvider
    {
        public ConcurrentQueue<(int Id, LogLevel Level, string Message)> Entries { get; } = new();

        public ILogger CreateLogger(string categoryName) => new RecordingLogger(Entries);

        public void Dispose()
        {
        }

        private sealed class RecordingLogger(ConcurrentQueue<(int, LogLevel, string)> entries) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                entries.Enqueue((eventId.Id, logLevel, formatter(state, exception)));
        }
    }
}

using System.Globalization;
using DurableTask.Core;
using DurableTask.Core.Query;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DurableFlows.Storage.Sqlite;

/// <summary>
/// The durable backend: one SQLite file in WAL mode. Every change goes through a single writer that
/// commits waiting operations together (group commit); readers use their own pooled connections.
/// Because one process owns the file, what workers are handed comes from memory: work item locks with
/// expiry times, the ready inbox and activities (<see cref="ReadyWork"/>) and recent histories, all kept
/// in step by the writer as it applies each change. Workers may start on a step while its commit is on
/// its way to the disk; callers (and completion waiters) hear of a change only once it is committed.
/// </summary>
/// <remarks>
/// Messages for an instance that does not exist, has finished, or belongs to an older execution are
/// dropped (and logged at debug level), as DurableTask.Core's dispatcher would discard them anyway; an
/// <c>ExecutionStartedEvent</c> creates the instance.
/// </remarks>
public sealed partial class SqliteOrchestrationService :
    IOrchestrationService,
    IOrchestrationServiceClient,
    IOrchestrationServiceQueryClient,
    IOrchestrationServicePurgeClient,
    IReportingPurgeClient,
    IRoutedOrchestrationService,
    IAsyncDisposable,
    IDisposable
{
    private readonly SqliteOrchestrationServiceOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly PayloadCodec _codec;
    private readonly SqliteStoreFile _file;
    private readonly GroupCommitWriter _writer;
    private readonly ReaderPool _readers;
    private readonly WalCheckpointer _checkpointer;
    private readonly WalSyncer? _syncer;
    private readonly CancellationTokenSource _stopping = new();

    private readonly Lock _lockGate = new();
    private readonly Dictionary<string, OrchestrationLock> _orchestrationLocks = new(StringComparer.Ordinal);
    private readonly Dictionary<long, ActivityLock> _activityLocks = [];
    private readonly ReadyWork _ready = new();
    private readonly HistoryCache _historyCache;
    private readonly QueueSignals _orchestrationSignals = new();
    private readonly QueueSignals _activitySignals = new();

    private readonly Lock _waitersGate = new();
    private readonly Dictionary<string, List<TaskCompletionSource<OrchestrationState>>> _completionWaiters = new(StringComparer.Ordinal);

    // Written by the writer's thread only (on a failed commit); read there and, under the lock gate, by claims.
    private long _epoch;

    // Under the lock gate: no lock can have expired before this time (see ExpireLocks).
    private DateTime _earliestExpiry = DateTime.MaxValue;
    private long _droppedDuplicates;
    private long _poisonMessages;
    private int _disposed;

    /// <summary>
    /// Opens (creating or migrating) the database. Throws <see cref="SqliteStorageException"/> when the file
    /// cannot be used: not SQLite, corrupt, locked, read-only, or of a newer schema.
    /// </summary>
    public SqliteOrchestrationService(
        SqliteOrchestrationServiceOptions options,
        TimeProvider? timeProvider = null,
        ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = Validate(options.Copy());
        _time = timeProvider ?? TimeProvider.System;
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<SqliteOrchestrationService>();
        _codec = new PayloadCodec(_options.PayloadThreshold);
        _historyCache = new HistoryCache(_options.HistoryCacheSize, () => _writer!.CommittedBatch);
        _file = SqliteStoreFile.Open(_options, _time, _logger);
        _readers = new ReaderPool(_file.ReaderConnectionString, keep: 16);
        try
        {
            Read("loading the work that is ready", LoadReadyWork);
            _checkpointer = new WalCheckpointer(_file.ReaderConnectionString, SqliteStoreFile.SynchronousOf(_options.Durability), _file.Path, _logger);
        }
        catch
        {
            _readers.Dispose();
            _file.Dispose();
            throw;
        }

        _syncer = _options.Durability == SqliteDurability.Full ? new WalSyncer(_file.Path, _logger) : null;
        _writer = new GroupCommitWriter(_file.Writer, _codec, _file.Path, _options.MaxBatchSize, _checkpointer, _syncer, ReloadFromFile, _logger);
    }

    /// <summary>Gets the full path of the database file.</summary>
    public string DatabasePath => _file.Path;

    /// <summary>Gets the schema version of the open database.</summary>
    public int SchemaVersion => _file.SchemaVersion;

    /// <summary>Gets the durability mode commits are made with.</summary>
    public SqliteDurability Durability => _options.Durability;

    /// <summary>Gets the writer's counters: commits, fsyncs of the log, operations, drops.</summary>
    public SqliteStoreStatistics Statistics => new(
        _writer.Commits,
        _writer.Operations,
        _writer.FailedCommits,
        Interlocked.Read(ref _droppedDuplicates),
        Interlocked.Read(ref _poisonMessages),
        _historyCache.Hits,
        _syncer?.Syncs ?? 0);

    /// <inheritdoc />
    public int TaskOrchestrationDispatcherCount => 1;

    /// <inheritdoc />
    public int MaxConcurrentTaskOrchestrationWorkItems => 100;

    /// <inheritdoc />
    public BehaviorOnContinueAsNew EventBehaviourForContinueAsNew => BehaviorOnContinueAsNew.Carryover;

    /// <inheritdoc />
    public int TaskActivityDispatcherCount => 1;

    /// <inheritdoc />
    public int MaxConcurrentTaskActivityWorkItems => 100;

    private DateTime UtcNow => _time.GetUtcNow().UtcDateTime;

    /// <inheritdoc />
    public Task StartAsync() => Task.CompletedTask;

    /// <inheritdoc />
    public Task StopAsync() => StopAsync(isForced: false);

    /// <inheritdoc />
    public Task StopAsync(bool isForced)
    {
        _stopping.Cancel();
        _orchestrationSignals.PulseAll();
        _activitySignals.PulseAll();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task CreateAsync() => CreateAsync(recreateInstanceStore: false);

    /// <inheritdoc />
    public Task CreateAsync(bool recreateInstanceStore) =>
        recreateInstanceStore ? DeleteAsync(deleteInstanceStore: true) : Task.CompletedTask;

    /// <inheritdoc />
    public Task CreateIfNotExistsAsync() => Task.CompletedTask;

    /// <inheritdoc />
    public Task DeleteAsync() => DeleteAsync(deleteInstanceStore: true);

    /// <inheritdoc />
    public async Task DeleteAsync(bool deleteInstanceStore)
    {
        await _writer.EnqueueAsync(context =>
        {
            context.OnApplied(() => ReloadFromFile(context));
            return context.Execute("DeleteAllData");
        });
    }

    /// <inheritdoc />
    public bool IsMaxMessageCountExceeded(int currentMessageCount, OrchestrationRuntimeState runtimeState) => false;

    /// <inheritdoc />
    public int GetDelayInSecondsAfterOnProcessException(Exception exception) => exception is OperationCanceledException ? 0 : 1;

    /// <inheritdoc />
    public int GetDelayInSecondsAfterOnFetchException(Exception exception) => exception is OperationCanceledException ? 0 : 1;

    /// <summary>Commits what is queued, then closes the file and releases it for other processes.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await StopAsync(isForced: true);
        await _writer.DisposeAsync();
        _syncer?.Dispose();
        _checkpointer.Dispose();
        _readers.Dispose();
        _file.Dispose();
        _stopping.Dispose();
    }

    /// <inheritdoc />
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    private static SqliteOrchestrationServiceOptions Validate(SqliteOrchestrationServiceOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.Path))
        {
            throw new ArgumentException("SQLite backend: Path is empty; expected the path of the database file.", nameof(options));
        }

        if (options.MaxDequeueCount < 1)
        {
            throw new ArgumentException($"SQLite backend: MaxDequeueCount = {options.MaxDequeueCount}; expected 1 or more.", nameof(options));
        }

        if (options.PayloadThreshold < 64)
        {
            throw new ArgumentException($"SQLite backend: PayloadThreshold = {options.PayloadThreshold}; expected 64 characters or more.", nameof(options));
        }

        if (options.LockTimeout <= TimeSpan.Zero || options.PollInterval <= TimeSpan.Zero || options.BusyTimeout < TimeSpan.Zero)
        {
            throw new ArgumentException("SQLite backend: LockTimeout and PollInterval must be positive and BusyTimeout not negative.", nameof(options));
        }

        if (options.HistoryCacheSize < 0)
        {
            throw new ArgumentException($"SQLite backend: HistoryCacheSize = {options.HistoryCacheSize}; expected 0 (off) or more.", nameof(options));
        }

        if (options.MaxBatchSize < 1)
        {
            throw new ArgumentException($"SQLite backend: MaxBatchSize = {options.MaxBatchSize}; expected 1 or more.", nameof(options));
        }

        return options;
    }

    private static long Ticks(DateTime time) => time.ToUniversalTime().Ticks;

    private static DateTime FromTicks(long ticks) => new(ticks, DateTimeKind.Utc);

    // Lists of ids, names and numbers for json_each; System.Text.Json writes them several times faster
    // than the Newtonsoft serializer the history bodies need.
    private static string Json<T>(IEnumerable<T> values) => System.Text.Json.JsonSerializer.Serialize(values);

    private static bool IsFinal(OrchestrationStatus status) =>
        status is OrchestrationStatus.Completed or OrchestrationStatus.Failed
            or OrchestrationStatus.Terminated or OrchestrationStatus.Canceled;

    private static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>Reads the payloads that rows reference, in one query.</summary>
    private static Dictionary<string, string> ReadPayloads(StatementCache connection, IEnumerable<string?> payloadRefs)
    {
        var hashes = payloadRefs.SelectMany(PayloadCodec.ReferencesOf).Distinct(StringComparer.Ordinal).ToList();
        var payloads = new Dictionary<string, string>(StringComparer.Ordinal);
        if (hashes.Count == 0)
        {
            return payloads;
        }

        using var reader = connection.Command("ReadPayloads", ("@hashes", Json(hashes))).ExecuteReader();
        while (reader.Read())
        {
            payloads[reader.GetString(0)] = reader.GetString(1);
        }

        return payloads;
    }

    private void Read(string doing, Action<StatementCache> read) => Read(doing, connection =>
    {
        read(connection);
        return 0;
    });

    /// <summary>Runs reads on a pooled connection, in one snapshot (see <see cref="InSnapshot"/>).</summary>
    private T Read<T>(string doing, Func<StatementCache, T> read)
    {
        var connection = _readers.Rent();
        try
        {
            var result = InSnapshot(connection, () => read(connection));
            _readers.Return(connection);
            return result;
        }
        catch (SqliteException error)
        {
            // A connection that failed is not lent again.
            _readers.Discard(connection);
            throw SqliteErrors.Describe(error, _file.Path, doing);
        }
        catch
        {
            _readers.Discard(connection);
            throw;
        }
    }

    /// <summary>
    /// Runs reads in one read transaction, so that its statements (a history and its payloads, a state and
    /// its payloads) see one snapshot even when a commit lands between them.
    /// </summary>
    private static T InSnapshot<T>(StatementCache connection, Func<T> read)
    {
        connection.Command("BeginRead").ExecuteNonQuery();
        try
        {
            return read();
        }
        finally
        {
            connection.Command("EndRead").ExecuteNonQuery();
        }
    }

    private void SignalCompletion(string instanceId, OrchestrationState state)
    {
        List<TaskCompletionSource<OrchestrationState>>? waiters;
        lock (_waitersGate)
        {
            _completionWaiters.Remove(instanceId, out waiters);
        }

        foreach (var waiter in waiters ?? [])
        {
            waiter.TrySetResult(OrchestrationStates.Copy(state, withInputsAndOutputs: true));
        }
    }
}

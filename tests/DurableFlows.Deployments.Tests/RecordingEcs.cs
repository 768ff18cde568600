using System.Collections.Concurrent;

namespace DurableFlows.Deployments.Tests;

/// <summary>
/// ECS as a ledger, for tests that run flows through the SDK before the local emulator is wired in:
/// RunTask is idempotent by client token as ECS is, tasks stay RUNNING until stopped.
/// </summary>
internal sealed class RecordingEcs : IEcsTaskLauncher
{
    private readonly ConcurrentDictionary<string, EcsLaunchRequest> _byToken = new();

    public ConcurrentQueue<EcsLaunchRequest> RunTaskCalls { get; } = new();

    public ConcurrentQueue<string> Stopped { get; } = new();

    public static string ArnOf(string clientToken) => $"arn:aws:ecs:local:000000000000:task/default/{clientToken}";

    public Task<EcsLaunchResult> RunTaskAsync(WorkPool pool, EcsLaunchRequest request, CancellationToken cancellationToken)
    {
        RunTaskCalls.Enqueue(request);
        _byToken.TryAdd(request.ClientToken, request);
        return Task.FromResult(new EcsLaunchResult(ArnOf(request.ClientToken), []));
    }

    public Task<IReadOnlyList<EcsTaskSnapshot>> DescribeTasksAsync(WorkPool pool, IReadOnlyList<string> taskArns, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<EcsTaskSnapshot>>([.. taskArns.Select(arn => new EcsTaskSnapshot
        {
            TaskArn = arn,
            LastStatus = Stopped.Contains(arn) ? "STOPPED" : "RUNNING",
            StopCode = Stopped.Contains(arn) ? "UserInitiated" : null,
        })]);

    public Task StopTaskAsync(WorkPool pool, string taskArn, string reason, CancellationToken cancellationToken)
    {
        Stopped.Enqueue(taskArn);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<string>> ListTasksAsync(WorkPool pool, string startedBy, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<string>>([.. _byToken.Where(t => t.Value.StartedBy == startedBy && !Stopped.Contains(ArnOf(t.Key))).Select(t => ArnOf(t.Key))]);

    public int Distinct => _byToken.Count;
}

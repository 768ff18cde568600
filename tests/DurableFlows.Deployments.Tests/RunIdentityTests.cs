
namespace DurableFlows.Deployments.Tests;

public sealed class RunIdentityTests
{
    [Fact]
    public void Run_names_derive_from_parent_and_sequence()
    {
        var runId = DeploymentRunIds.RunId("main-1", 2);

        Assert.Equal("main-1-run-2", runId);
        Assert.Equal("run-main-1-run-2", DeploymentRunIds.Queue(runId));
        Assert.Equal("DeploymentRunCompleted:main-1-run-2", DeploymentRunIds.CompletionEvent(runId));
        Assert.Equal(runId, DeploymentRunIds.RunIdOfQueue(DeploymentRunIds.Queue(runId)));
        Assert.Null(DeploymentRunIds.RunIdOfQueue("default"));
    }

    [Fact]
    public void Client_tokens_are_stable_distinct_per_launch_and_within_ecs_limits()
    {
        Assert.Equal("main-1-run-2#1.1", DeploymentRunNames.ClientToken("main-1-run-2", 1, 1));
        Assert.NotEqual(DeploymentRunNames.ClientToken("main-1-run-2", 1, 1), DeploymentRunNames.ClientToken("main-1-run-2", 2, 1));
        Assert.NotEqual(DeploymentRunNames.ClientToken("main-1-run-2", 1, 1), DeploymentRunNames.ClientToken("main-1-run-2", 1, 2));

        var longId = new string('x', 80) + "-run-1";
        var hashed = DeploymentRunNames.ClientToken(longId, 1, 1);
        Assert.Equal(64, hashed.Length);
        Assert.Equal(hashed, DeploymentRunNames.ClientToken(longId, 1, 1));

        var startedBy = DeploymentRunNames.StartedBy(longId);
        Assert.True(startedBy.Length <= 36);
        Assert.Equal(startedBy, DeploymentRunNames.StartedBy(longId));
    }

    [Fact]
    public void Run_token_opens_its_own_run_queue_and_nothing_else()
    {
        var tokens = new DeploymentRunTokens("a host secret of enough bytes"u8);
        var token = tokens.TokenFor("main-1-run-1");

        Assert.Null(tokens.Authorize("run-main-1-run-1", token));
        Assert.Equal("the run token is not valid for queue 'run-main-1-run-2'", tokens.Authorize("run-main-1-run-2", token));
        Assert.Equal("a run token only opens its run's queue (run-<id>), not 'default'", tokens.Authorize("default", token));
        Assert.Equal("queue 'run-main-1-run-1' is a deployment run's queue; the worker must present its run token", tokens.Authorize("run-main-1-run-1", null));
        Assert.Null(tokens.Authorize("default", null));
        Assert.NotEqual(token, new DeploymentRunTokens("another host secret, long enough"u8).TokenFor("main-1-run-1"));
    }

    [Fact]
    public void Secret_file_is_created_once_and_reused_across_restarts()
    {
        var file = Path.Combine(Path.GetTempPath(), $"durableflows-{Guid.NewGuid():N}", "run-token.key");
        try
        {
            var first = DeploymentRunTokens.FromSecret(null, file).TokenFor("r");
            var second = DeploymentRunTokens.FromSecret(null, file).TokenFor("r");

            Assert.Equal(first, second);
            Assert.NotEqual(first, DeploymentRunTokens.FromSecret("configured secret value", file).TokenFor("r"));
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(file)!, recursive: true);
        }
    }
}

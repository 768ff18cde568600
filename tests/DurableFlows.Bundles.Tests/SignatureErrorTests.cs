using Amazon.Runtime;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace DurableFlows.Bundles.Tests;

/// <summary>
/// s3rver does not check SigV4 signatures (it only knows access key ids), so a wrong secret is shown
/// with a Kestrel server on loopback that answers as S3 does to a bad signature.
/// </summary>
public sealed class SignatureErrorTests
{
    [Fact]
    public async Task A_wrong_secret_key_is_named_as_such()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        await using var app = builder.Build();
        app.Run(async context =>
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            context.Response.ContentType = "application/xml";
            await context.Response.WriteAsync(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>SignatureDoesNotMatch</Code>"
                + "<Message>The request signature we calculated does not match the signature you provided. Check your key and signing method.</Message>"
                + "<AWSAccessKeyId>AKIAEXAMPLE</AWSAccessKeyId><RequestId>1</RequestId></Error>");
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        using var storage = new S3CodeStorage(
            new CodeStorageOptions { Type = "s3", Bucket = "prefect-subflow", ServiceUrl = new Uri(address), ForcePathStyle = true },
            NullLogger<S3CodeStorage>.Instance,
            new BasicAWSCredentials("AKIAEXAMPLE", "wrong-secret"));

        var error = await Assert.ThrowsAsync<CodeStorageException>(() => storage.CheckAccessAsync());

        Assert.Equal("SignatureDoesNotMatch", error.Classification);
        Assert.Contains("AWS_SECRET_ACCESS_KEY", error.Message, StringComparison.Ordinal);
        Assert.Contains("s3://prefect-subflow/", error.Message, StringComparison.Ordinal);
    }
}

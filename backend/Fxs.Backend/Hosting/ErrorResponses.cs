using System.Text;
using System.Text.Json;
using Fxs.Backend.Site;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Fxs.Backend.Hosting;

/// <summary>
/// Every error answer has a body its reader understands (issue #13 items 2 and 8): the device API
/// (<see cref="DevicePathPrefix"/>) answers RFC 9457 problem details in English for gateways and
/// their operators; everything else is the site's, and answers a Japanese page in its style
/// (<see cref="Pages.Error"/>). A request the server cannot read (a body that is not valid UTF-8,
/// a truncated body, a bad form, a stale antiforgery token) is the client's error: 400, never 500.
/// </summary>
public static class ErrorResponses
{
    public const string DevicePathPrefix = "/device";

    /// <summary>The status for an exception that escaped an endpoint: 4xx when the request was at fault.</summary>
    public static int StatusFor(Exception error) => error switch
    {
        BadHttpRequestException bad => bad.StatusCode,
        AntiforgeryValidationException => StatusCodes.Status400BadRequest,
        JsonException => StatusCodes.Status400BadRequest,
        _ when IsUndecodableText(error) => StatusCodes.Status400BadRequest,
        _ => StatusCodes.Status500InternalServerError,
    };

    /// <summary>
    /// System.Text.Json checks a string's text only when the string is read: invalid UTF-8 inside
    /// one (inner DecoderFallbackException) or an escape that is no character (a lone surrogate,
    /// "\ud800") surfaces then as an InvalidOperationException thrown by System.Text.Json itself.
    /// </summary>
    public static bool IsUndecodableText(Exception error) =>
        Chain(error).Any(e => e is DecoderFallbackException) || (error is InvalidOperationException && error.Source is string source && source.StartsWith("System.Text.Json", StringComparison.Ordinal));

    private static IEnumerable<Exception> Chain(Exception? e)
    {
        for (; e is not null; e = e.InnerException) { yield return e; }
    }

    /// <summary>The problem title for a device-API status (the detail stays generic: no internals leak).</summary>
    public static string DeviceTitle(int status, Exception? error) => status switch
    {
        StatusCodes.Status400BadRequest when error is not null && IsUndecodableText(error) => "The request body is not valid UTF-8 JSON text (invalid UTF-8, or an escape that is no character).",
        StatusCodes.Status400BadRequest when error is JsonException => "The request body is not JSON.",
        StatusCodes.Status400BadRequest => "The request could not be read (malformed or truncated).",
        StatusCodes.Status401Unauthorized => "A provisioned client certificate is required.",
        StatusCodes.Status403Forbidden => "This client certificate may not do this.",
        StatusCodes.Status404NotFound => "No such resource.",
        StatusCodes.Status405MethodNotAllowed => "This method is not allowed here.",
        StatusCodes.Status413PayloadTooLarge => "The request body is too large.",
        StatusCodes.Status415UnsupportedMediaType => "The body must be application/json.",
        _ when status >= 500 => "The server failed; the request may be retried.",
        _ => "The request was refused.",
    };

    public static bool IsDeviceApi(HttpContext http) => http.Request.Path.StartsWithSegments(DevicePathPrefix, StringComparison.Ordinal);

    /// <summary>Writes the error answer for <paramref name="status"/>: problem details (device API) or a Japanese page (site).</summary>
    public static async Task WriteAsync(HttpContext http, int status, Exception? error)
    {
        http.Response.StatusCode = status;
        if (IsDeviceApi(http))
        {
            var problem = new ProblemDetails { Status = status, Title = DeviceTitle(status, error) };
            IProblemDetailsService problems = http.RequestServices.GetRequiredService<IProblemDetailsService>();
            if (await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem, Exception = error })) { return; }
            await Results.Json(problem, contentType: "application/problem+json", statusCode: status).ExecuteAsync(http);
            return;
        }
        await http.RequestServices.GetRequiredService<Pages>().Error(status).ExecuteAsync(http);
    }

    /// <summary>Exceptions: 4xx for the request's faults, 500 otherwise; both with a body for their reader.</summary>
    public static IApplicationBuilder UseBackendExceptionHandler(this IApplicationBuilder app) => app.UseExceptionHandler(new ExceptionHandlerOptions
    {
        ExceptionHandler = http =>
        {
            Exception? error = http.Features.Get<IExceptionHandlerFeature>()?.Error;
            return WriteAsync(http, error is null ? StatusCodes.Status500InternalServerError : StatusFor(error), error);
        },
    });

    /// <summary>Bodiless 4xx/5xx answers (unknown URL, 405, a bare 400) get the same bodies.</summary>
    public static IApplicationBuilder UseBackendStatusCodePages(this IApplicationBuilder app) =>
        app.UseStatusCodePages(context => WriteAsync(context.HttpContext, context.HttpContext.Response.StatusCode, null));
}

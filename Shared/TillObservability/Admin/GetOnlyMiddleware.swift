import Hummingbird

/// Refuses every method but GET with `405 Method Not Allowed` and `Allow: GET`.
///
/// The admin server is read-only by design: it answers probes and scrapes and offers nothing that
/// changes state, whatever path a request names.
struct GetOnlyMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(
        _ request: Request,
        context: Context,
        next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        guard request.method == .get else {
            var headers = HTTPFields()
            headers[.allow] = "GET"
            return Response(status: .methodNotAllowed, headers: headers)
        }
        return try await next(request, context)
    }
}

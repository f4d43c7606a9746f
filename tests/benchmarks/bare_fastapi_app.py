"""The reference peer for the server benchmark: a bare FastAPI JSON POST endpoint that parses
the body and answers a small JSON object, with no signature, schema or database work."""

from fastapi import FastAPI, Request, Response

app = FastAPI()


@app.post("/echo")
async def echo(request: Request) -> Response:
    body = await request.json()
    return Response(
        b'{"ok":true,"n":%d}' % len(body), status_code=201, media_type="application/json"
    )

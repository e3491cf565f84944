"""``OdsgrBlocks``: the ``gr.Blocks`` of odsgr, with documented API parameters."""

from __future__ import annotations

import inspect
from collections.abc import Callable

import gradio as gr


def parameter_docs(fn: Callable) -> dict[str, str]:
    """``{parameter: description}`` from the ``Args:`` section of ``fn``'s docstring."""
    docs: dict[str, str] = {}
    current = None
    in_args = False
    for line in (inspect.getdoc(fn) or "").splitlines():
        stripped = line.strip()
        if stripped in ("Args:", "Returns:", "Raises:"):
            in_args = stripped == "Args:"
            current = None
            continue
        if not in_args or not stripped:
            continue
        name, colon, text = stripped.partition(":")
        if (
            colon
            and line.startswith(" " * 4)
            and not line.startswith(" " * 5)
            and name.isidentifier()
        ):
            current = name
            docs[name] = text.strip()
        elif current is not None:
            docs[current] += " " + stripped
    return docs


class OdsgrBlocks(gr.Blocks):
    """``gr.Blocks`` whose «Usar vía API» page describes every parameter with its docstring's
    ``Args`` (Gradio writes "the input value provided in the «1st» component"), and which
    answers a call with missing arguments in Spanish (Gradio checks the number of inputs before
    any handler runs and, without ``show_error``, answers ``error: None``).
    """

    def validate_inputs(self, block_fn, inputs: list) -> None:
        if len(inputs) < len(block_fn.inputs):
            name = block_fn.api_name or block_fn.name
            raise gr.Error(
                f"Faltan argumentos en la llamada a «{name}»: se esperaban "
                f"{len(block_fn.inputs)} valores y llegaron {len(inputs)}. Vea «Usar vía API» "
                "(al pie de la página) para la lista de argumentos.",
                print_exception=False,
            )
        super().validate_inputs(block_fn, inputs)

    def get_api_info(self, all_endpoints: bool = False, page: str | None = None):
        info = super().get_api_info(all_endpoints=all_endpoints, page=page)
        endpoints = (info or {}).get("named_endpoints", {})
        for block_fn in self.fns.values():
            endpoint = endpoints.get(f"/{block_fn.api_name}")
            if endpoint is None or block_fn.fn is None:
                continue
            docs = parameter_docs(block_fn.fn)
            for parameter in endpoint.get("parameters", []):
                text = docs.get(parameter.get("parameter_name") or "")
                if text:
                    parameter["label"] = parameter["parameter_name"]
                    parameter["python_type"]["description"] = text
        return info

// A text box longer than it can hold stops the form being sent, and says at the box
// which one and by how much: everything typed stays where it is (the server says the
// same when script is off, decisions/admin/text_limits.py).
"use strict";

const number = (n) => n.toLocaleString("en-GB");

function labelOf(box) {
  const label = document.querySelector(`label[for="${box.id}"]`);
  return label ? label.textContent.trim().replace(/:$/, "") : box.name;
}

document.addEventListener("submit", (event) => {
  document.querySelectorAll(".text-limit-error").forEach((note) => note.remove());
  const boxes = event.target.querySelectorAll("textarea[data-max-length]");
  const tooLong = [...boxes].filter((box) => box.value.length > Number(box.dataset.maxLength));
  if (tooLong.length === 0) return;
  event.preventDefault();
  for (const box of tooLong) {
    const note = document.createElement("p");
    note.className = "errornote text-limit-error";
    note.id = `${box.id}-too-long`;
    note.textContent =
      `${labelOf(box)} is ${number(box.value.length)} characters long, and can hold up to ` +
      `${number(Number(box.dataset.maxLength))}. Shorten it, or attach a long document as ` +
      "an annex. Nothing has been saved yet.";
    box.before(note);
    box.setAttribute("aria-describedby", note.id);
    box.setAttribute("aria-invalid", "true");
  }
  tooLong[0].focus();
});

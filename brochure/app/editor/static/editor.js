// Preview images follow the build: the server sends the build's version each time it moves.
(function () {
  if (!window.EventSource) return;
  var source = new EventSource("/events");
  var first = true;
  source.addEventListener("built", function (event) {
    var version = JSON.parse(event.data).version;
    if (first) { first = false; return; }
    document.querySelectorAll("img[data-live]").forEach(function (img) {
      img.src = img.src.split("?")[0] + "?v=" + version;
    });
    var status = document.getElementById("build-status");
    if (status) status.textContent = document.documentElement.lang === "ja" ? "プレビューを更新しました" : "Preview updated";
  });
})();

// Residents' page helper (plain ES2017, no framework). The form works without it; with it, photos
// are resized before upload (rural 3G), a voice note can be recorded, and the location read.
(function () {
  "use strict";
  document.documentElement.className += " js";
  var f = document.getElementById("f");
  if (!f || !window.FormData || !window.fetch) return;
  var $ = function (id) { return document.getElementById(id); };
  var photos = [];
  var voice = null;
  var MAX_SIDE = 1280;

  function resize(file) {
    return new Promise(function (ok) {
      var img = new Image();
      var url = URL.createObjectURL(file);
      img.onload = function () {
        var s = Math.min(1, MAX_SIDE / Math.max(img.width, img.height));
        var c = document.createElement("canvas");
        c.width = Math.round(img.width * s);
        c.height = Math.round(img.height * s);
        c.getContext("2d").drawImage(img, 0, 0, c.width, c.height);
        URL.revokeObjectURL(url);
        c.toBlob(function (b) { ok(b || file); }, "image/jpeg", 0.8);
      };
      img.onerror = function () { URL.revokeObjectURL(url); ok(file); };
      img.src = url;
    });
  }

  $("p").addEventListener("change", function (e) {
    var files = [].slice.call(e.target.files || [], 0, 3);
    $("msg").textContent = files.length ? "正在压缩照片…" : "";
    Promise.all(files.map(resize)).then(function (bs) {
      photos = bs;
      $("msg").textContent = bs.length ? "已选择 " + bs.length + " 张照片" : "";
    });
  });

  var rec = $("rec");
  if (window.MediaRecorder && navigator.mediaDevices) {
    var mr = null, chunks = [], timer = null;
    rec.addEventListener("click", function () {
      if (mr && mr.state === "recording") { mr.stop(); return; }
      navigator.mediaDevices.getUserMedia({ audio: true }).then(function (stream) {
        chunks = [];
        mr = new MediaRecorder(stream, { audioBitsPerSecond: 32000 });
        mr.ondataavailable = function (e) { chunks.push(e.data); };
        mr.onstop = function () {
          clearTimeout(timer);
          stream.getTracks().forEach(function (t) { t.stop(); });
          voice = new Blob(chunks, { type: mr.mimeType || "audio/webm" });
          rec.textContent = "重新录音";
          $("recs").textContent = "已录音 " + Math.round(voice.size / 1024) + " KB";
        };
        mr.start();
        rec.textContent = "录音中，按下结束";
        timer = setTimeout(function () { if (mr.state === "recording") mr.stop(); }, 60000);
      }, function () { $("recs").textContent = "无法使用麦克风"; });
    });
  } else {
    $("voice").style.display = "none";
  }

  $("geo").addEventListener("click", function () {
    if (!navigator.geolocation) { $("geos").textContent = "此浏览器不能定位"; return; }
    $("geos").textContent = "正在定位…";
    navigator.geolocation.getCurrentPosition(function (p) {
      $("lat").value = p.coords.latitude.toFixed(6);
      $("lng").value = p.coords.longitude.toFixed(6);
      $("geos").textContent = "已获取位置";
    }, function () { $("geos").textContent = "定位失败，可手动填写地点"; }, { timeout: 15000 });
  });

  f.addEventListener("submit", function (e) {
    e.preventDefault();
    var fd = new FormData(f);
    fd.delete("photo");
    photos.forEach(function (b, i) { fd.append("photo", b, "photo" + i + ".jpg"); });
    if (voice) fd.append("voice", voice, "voice");
    $("go").disabled = true;
    $("msg").textContent = "正在提交…";
    fetch(f.action, { method: "POST", body: fd, headers: { accept: "application/json" }, credentials: "same-origin" })
      .then(function (r) { return r.json().then(function (j) { return { ok: r.ok, j: j }; }); })
      .then(function (r) {
        if (r.ok) { location.href = r.j.url; return; }
        $("go").disabled = false;
        $("msg").textContent = (r.j.error && r.j.error.message) || "提交失败，请重试";
      }, function () {
        // The same idempotency key goes with a retry, so a lost answer never files twice.
        $("go").disabled = false;
        $("msg").textContent = "网络不稳定，请再按一次提交";
      });
  });
})();
